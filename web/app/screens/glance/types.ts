/** GET /app/api/glance (web/server/routes/glance.ts), as the page reads it. */
export interface GlancePeriod {
  id: number;
  name: string;
  startsOn: string;
  endsOn: string;
}
export interface GlanceCell {
  subjectId: number;
  average: number | null;
  rounded: 2 | 3 | 4 | 5 | null;
  marks: number;
  periodMark: string | null;
}
export interface GlanceRow {
  studentId: number;
  name: string;
  cells: GlanceCell[];
}
export interface GlanceSubject {
  id: number;
  name: string;
  shortName: string;
}
export interface UnknownAbsence {
  lessonId: number;
  date: string;
  slot: number;
  subject: string;
}
export interface WeekRow {
  studentId: number;
  name: string;
  lessons: number;
  unknown: UnknownAbsence[];
}
export interface GlanceFamily {
  studentId: number;
  name: string;
  people: { role: 'guardian' | 'student'; name: string; linked: boolean }[];
}
export interface GlanceView {
  classes: { classId: number; name: string }[];
  cls: { classId: number; name: string; grade: number; decides: boolean };
  today: string;
  marks: {
    periods: GlancePeriod[];
    period: GlancePeriod | null;
    subjects: GlanceSubject[];
    students: GlanceRow[];
  } | null;
  week: { from: string; to: string; rows: WeekRow[] };
  families: GlanceFamily[];
}

/** PUT /app/api/glance/absence-reason. */
export interface ReasonSaved {
  recorded: number;
  unknown: UnknownAbsence[];
}

/** A number kept in hundredths as the diary shows an average: 413 → «4,13». */
export const hundredths = (n: number) => `${Math.floor(n / 100)},${String(n % 100).padStart(2, '0')}`;

/** A school day as «24.11». */
export const shortDate = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}`;
