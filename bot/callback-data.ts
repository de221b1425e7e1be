/**
 * Callback data: a short verb and at most one numeric id ("ch:17"). Parsed
 * strictly; anything else (foreign, stale, oversized, garbage) is null and
 * gets a polite "недоступно". The id is only a claim: handlers still ask the
 * policy whether this account may use it.
 */
export const VERBS = [
  'cf', // consent: y / n
  'ch', // switch active child: studentId
  'st', // settings: privacy / mydata / logout / compromised / addChild
  'lo', // logout confirm: y / n
  'cp', // compromise confirm: y / n
  'cl', // class links: classId
  'rv', // revoke link, ask: linkId
  'ry', // revoke link, confirmed: linkId
  'nx', // cancel a confirmation: n
  'dm', // diary: marks of a period: periodId
  'dj', // diary: one subject's marks: subjectId
  'dy', // diary: period marks of the year: year
  'dg', // diary: chart of a period (PNG): periodId
  'dr', // diary: how averages are computed: rules
  'dh', // diary: homework for a day: yyyymmdd
  'dk', // diary: homework for a week: yyyymmdd
  'df', // diary: send a homework's files: lessonId
  'ds', // diary: timetable of a day: yyyymmdd
  'dw', // diary: timetable of a week: yyyymmdd
  'da', // diary: absences of a period: periodId
  'td', // /today: the teacher's lessons: today
  'tl', // /today: a lesson's card: lessonId
  'ta', // /today: open the attendance grid: lessonId
  'tt', // /today: toggle a student in the grid: draft·1000 + place
  'tf', // /today: save the grid (the Done button): draft
  'tp', // /today: ask for the topic: lessonId
  'th', // /today: ask for the homework: lessonId
  'tk', // /today: pick the work kind for marks: lessonId
  'tw', // /today: work kind chosen: draft·100 + kind's place
  'tg', // /today: a page of the marks list: draft·100 + page
  'tm', // /today: set a mark: (draft·1000 + place)·10 + mark code
  'tc', // /today: comment a mark: draft·1000 + place
  'nt', // notifications: menu / back / quiet / average / streak / child
  'nc', // notifications: about this child: studentId
  'nk', // notifications: next mode of a kind: marks / absence / homework / lessons / periods / evening / weekly / forecast
  'nq', // notifications: quiet hours: hhhh (2108 = 21:00–08:00) / off
  'nv', // notifications: average threshold ×10 (35 = 3,5) / off
  'nb', // notifications: unexcused absences in a row / off
  'ko',
  'kc',
  'kt',
  'kp',
  'kf',
  'ks',
  'kx',
  'kh',
  'kn', // /control: view home / scope class / teacher / period / figure list / summary sheet / setting / subject without homework / nudge teacher
  'pp',
  'pu',
  'pa',
  'pv',
  'pq',
  'pl',
  'pf', // paper: menu / printouts unlinked / all / sheet periods / sheet of period / files / send file
  // School ↔ family (issue 8). Absence reports: child / dates / lesson toggle / reason / справка later / confirm / attach later / my reports /
  // accept / reject / reply (class teacher).
  'ab',
  'ad',
  'al',
  'ae',
  'af',
  'ao',
  'ac',
  'av',
  'aa',
  'aj',
  'aq',
  // Messages: write (child) / teacher / open thread / reply / office hours / director's list / director opens (audited).
  'mw',
  'mt',
  'mo',
  'mr',
  'mh',
  'md',
  'mx',
  // Consultations: ask (child) / teacher / any time or done / accept slot / decline / propose another / my requests.
  'co',
  'cs',
  'cn',
  'cy',
  'cz',
  'cq',
  'cm',
  // Corrections: report an error (entity code) / teacher: corrected / data is right / the family's list.
  'ee',
  'eo',
  'ek',
  'el',
  // Announcements: new (scope) / class / grade / school / urgent / time / send / cancel / «Ознакомлен» / counts / unconfirmed / remind / list.
  'an',
  'ak',
  'ag',
  'ah',
  'au',
  'at',
  'ay',
  'ax',
  'ar',
  'ai',
  'aw',
  'am',
  'as',
  // The class teacher's desk: home / codes / issue missing / reissue student / revoke student / codes PDF / families / views / reasons week / messages.
  'wd',
  'wc',
  'wi',
  'wr',
  'wx',
  'wp',
  'wf',
  'wv',
  'wa',
  'wm',
  // The desk's week review: pick the reason for a student's absences without one (studentId) / record it (studentId·10 + reason).
  'wz',
  'wy',
] as const;
export type Verb = (typeof VERBS)[number];

const PATTERN = /^([a-z]{2}):([a-z]{1,12}|[1-9]\d{0,9})$/;

export function cb(verb: Verb, arg: string | number): string {
  return `${verb}:${arg}`;
}

export function parseCallback(data: string | undefined): { verb: Verb; arg: string; id: number | null } | null {
  if (!data || data.length > 32) return null;
  const m = PATTERN.exec(data);
  if (!m || !(VERBS as readonly string[]).includes(m[1])) return null;
  const id = /^\d+$/.test(m[2]) ? Number(m[2]) : null;
  if (id !== null && !Number.isSafeInteger(id)) return null;
  return { verb: m[1] as Verb, arg: m[2], id };
}
