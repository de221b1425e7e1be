import { Composer, InlineKeyboard } from 'grammy';
import { hears } from '@grammyjs/i18n';
import type { DataSource } from 'typeorm';
import type { MarkValue } from '../../db/entities/index.js';
import type { Clock } from '../../core/clock.js';
import { DomainError } from '../../core/errors.js';
import {
  attachHomeworkFile,
  keepsMarks,
  lessonForEntry,
  lessonMarks,
  lessonRoster,
  mayUseToday,
  saveAttendance,
  saveHomework,
  saveMark,
  saveTopic,
  teacherLessons,
  todayIn,
  workKindName,
  workKinds,
  type RosterRow,
  type TodayLesson,
} from '../../core/today/index.js';
import { cb, parseCallback } from '../callback-data.js';
import type { BotContext } from '../context.js';
import { formatDay } from '../format.js';
import { argDate, dateArg } from '../diary/common.js';
import { openEntryDays } from '../../core/today/entry-days.js';
import { isMenuButton } from './menu/index.js';
import { unavailable } from '../ui.js';

/**
 * Teachers' quick entry (/today): the day's lessons; for a lesson the
 * attendance grid (saved on «Готово»), the topic, homework and marks by work
 * kind, all editing one message in place. Two-part choices (which draft,
 * which student, which mark) live in a short-lived draft in the session; a
 * button carries the draft's small id packed with the student's place.
 */

type Status = RosterRow['status'];
const STATUS_CODE: Record<Status, number> = { present: 0, absent: 1, late: 2 };
const CODE_STATUS: Status[] = ['present', 'absent', 'late'];
const NEXT_STATUS: Record<Status, Status> = { present: 'absent', absent: 'late', late: 'present' };

/** Mark buttons in order; the code is the last digit of the `tm` argument. */
const MARK_BUTTONS: { code: number; value: MarkValue | null; key: string }[] = [
  { code: 1, value: '1', key: '1' },
  { code: 2, value: '2', key: '2' },
  { code: 3, value: '3', key: '3' },
  { code: 4, value: '4', key: '4' },
  { code: 5, value: '5', key: '5' },
  { code: 6, value: 'notAttested', key: 'today-mark-na' },
  { code: 7, value: 'exempt', key: 'today-mark-exempt' },
  { code: 8, value: null, key: 'today-mark-clear' },
];

const PAGE = 6;
const DRAFT_TTL_MS = 3 * 3600_000;
const MAX_DRAFTS = 5;

export interface TodayDraft {
  lessonId: number;
  kind: 'attendance' | 'marks';
  students: number[];
  /** Attendance: status codes by place (0 present, 1 absent, 2 late). */
  statuses?: number[];
  /** Marks: the work kinds offered, and the one chosen. */
  kinds?: number[];
  workKindId?: number;
  page?: number;
  at: number;
}

/** What /today keeps in the session: drafts by small id, and the text it waits for. */
export interface TodaySession {
  seq: number;
  drafts: Record<string, TodayDraft>;
  awaiting?: { kind: 'topic' | 'homework' | 'comment'; lessonId: number; draftId?: number; place?: number; at: number };
}

const pack = (...parts: [number, number][]) => parts.reduce((acc, [v, width]) => acc * width + v, 0);

export function todayFeature(deps: {
  ds: DataSource;
  timezone: string;
  windowDays: number;
  clock: Clock;
}): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType('private');
  const today = () => todayIn(deps.timezone, deps.clock.now());

  const state = (ctx: BotContext): TodaySession => {
    const s = (ctx.session.today ??= { seq: 0, drafts: {} });
    const now = deps.clock.now().getTime();
    for (const [id, d] of Object.entries(s.drafts)) if (now - d.at > DRAFT_TTL_MS) delete s.drafts[id];
    return s;
  };
  const newDraft = (ctx: BotContext, d: Omit<TodayDraft, 'at'>): number => {
    const s = state(ctx);
    s.seq = (s.seq % 99_999) + 1;
    s.drafts[s.seq] = { ...d, at: deps.clock.now().getTime() };
    const ids = Object.keys(s.drafts)
      .map(Number)
      .sort((a, b) => s.drafts[a].at - s.drafts[b].at);
    while (ids.length > MAX_DRAFTS) delete s.drafts[ids.shift()!];
    return s.seq;
  };
  const draftOf = (ctx: BotContext, id: number) => state(ctx).drafts[id] ?? null;

  const refusalText = (ctx: BotContext, refused: string) =>
    ctx.t(
      refused === 'closed'
        ? 'today-closed'
        : refused === 'future'
          ? 'today-future'
          : refused === 'cancelled'
            ? 'today-cancelled'
            : 'unavailable',
    );

  /** The lesson if this teacher may still enter for it; otherwise answers the button and returns null. */
  const lessonOr = async (ctx: BotContext, lessonId: number): Promise<TodayLesson | null> => {
    const r = await lessonForEntry(deps.ds, ctx.access, lessonId, today(), deps.windowDays);
    if ('lesson' in r) return r.lesson;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: refusalText(ctx, r.refused), show_alert: true });
    else await ctx.reply(refusalText(ctx, r.refused));
    return null;
  };

  const title = (ctx: BotContext, l: TodayLesson) =>
    ctx.t('today-lesson-title', {
      class: l.className,
      subject: l.subject,
      subgroup: l.subgroup || 'none',
    });

  const shortName = (r: { lastName: string; firstName: string }) => `${r.lastName} ${r.firstName.slice(0, 1)}.`;

  // --- The day's lessons -------------------------------------------------------------------
  // `day`: today, or an earlier day still open for entry (from its button); anything else is refused.
  const showDay = async (ctx: BotContext, edit: boolean, day?: string | null) => {
    const p = ctx.access;
    if (!mayUseToday(p)) return false;
    const now = today();
    const earlier = await openEntryDays(deps.ds, p.staff, now, deps.windowDays);
    if (day === null || (day && day !== now && !earlier.some((d) => d.date === day))) return false;
    const date = day ?? now;
    const lessons = await teacherLessons(deps.ds, p.staff.staffId, date);
    const lines = lessons.map((l) =>
      ctx.t('today-list-line', {
        slot: l.slot,
        time: l.startsAt,
        class: l.className,
        subject: l.subject,
        subgroup: l.subgroup || 'none',
        state: l.cancelled ? 'cancelled' : l.topic ? 'topic' : 'empty',
      }),
    );
    const others = earlier.filter((d) => d.date !== date);
    const text = [
      lessons.length
        ? `${ctx.t('today-list-title', { date: formatDay(date) })}\n\n${lines.join('\n')}`
        : ctx.t('today-none', { date: formatDay(date) }),
      date === now && others.length ? ctx.t('today-earlier-hint') : '',
    ]
      .filter(Boolean)
      .join('\n\n');
    const kb = new InlineKeyboard();
    for (const l of lessons.filter((x) => !x.cancelled))
      kb.text(
        ctx.tPlain('today-list-button', { slot: l.slot, class: l.className, subject: l.subject }),
        cb('tl', l.lessonId),
      ).row();
    // One tap to each earlier day still open; from an earlier day, one back to today.
    if (date === now)
      for (const d of others)
        kb.text(
          ctx.tPlain('today-earlier-button', { date: formatDay(d.date), count: d.lessons }),
          cb('td', dateArg(d.date)),
        ).row();
    else kb.text(ctx.t('today-btn-today'), cb('td', 'today')).row();
    const opts = { parse_mode: 'HTML' as const, reply_markup: kb };
    if (edit) await ctx.editMessageText(text, opts);
    else await ctx.reply(text, opts);
    return true;
  };
  const openDay = async (ctx: BotContext, next: () => Promise<void>) => {
    // Families and students do not have this command at all: it falls through like any unknown text.
    if (!(await showDay(ctx, false))) return next();
  };
  priv.command('today', openDay);
  priv.filter(hears('menu-today'), openDay);
  priv.callbackQuery(/^td:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const day = data?.arg === 'today' ? undefined : argDate(data?.id ?? null);
    if (!(await showDay(ctx, true, day))) return void (await unavailable(ctx));
    await ctx.answerCallbackQuery();
  });

  // --- One lesson ---------------------------------------------------------------------------
  const lessonCard = async (ctx: BotContext, l: TodayLesson, note?: string) => {
    const roster = await lessonRoster(deps.ds, l);
    const absent = roster.filter((r) => r.status === 'absent').length;
    const late = roster.filter((r) => r.status === 'late').length;
    const text = [
      note,
      title(ctx, l),
      ctx.t('today-lesson-when', { date: formatDay(l.date), slot: l.slot, from: l.startsAt, to: l.endsAt }),
      ctx.t('today-lesson-topic', { topic: l.topic || 'none' }),
      keepsMarks(l.grade)
        ? ctx.t('today-lesson-homework', { homework: l.homework || 'none' })
        : ctx.t('today-grade-no-marks'),
      ctx.t('today-lesson-attendance', { students: roster.length, absent, late }),
    ]
      .filter(Boolean)
      .join('\n');
    const kb = new InlineKeyboard()
      .text(ctx.t('today-btn-attendance'), cb('ta', l.lessonId))
      .text(ctx.t('today-btn-topic'), cb('tp', l.lessonId))
      .row();
    if (keepsMarks(l.grade))
      kb.text(ctx.t('today-btn-homework'), cb('th', l.lessonId))
        .text(ctx.t('today-btn-marks'), cb('tk', l.lessonId))
        .row();
    kb.text(ctx.t('today-btn-back'), cb('td', l.date === today() ? 'today' : dateArg(l.date)));
    return { text, kb };
  };
  const showLesson = async (ctx: BotContext, l: TodayLesson, how: 'edit' | 'reply', note?: string) => {
    const { text, kb } = await lessonCard(ctx, l, note);
    const opts = { parse_mode: 'HTML' as const, reply_markup: kb };
    if (how === 'edit') await ctx.editMessageText(text, opts);
    else await ctx.reply(text, opts);
  };
  const lessonCallback = (verb: string, fn: (ctx: BotContext, l: TodayLesson) => Promise<void>) =>
    priv.callbackQuery(new RegExp(`^${verb}:`), async (ctx) => {
      const data = parseCallback(ctx.callbackQuery.data);
      if (!data?.id || !mayUseToday(ctx.access)) return void (await unavailable(ctx));
      const l = await lessonOr(ctx, data.id);
      if (l) await fn(ctx, l);
    });
  lessonCallback('tl', async (ctx, l) => {
    if (state(ctx).awaiting) state(ctx).awaiting = undefined;
    await showLesson(ctx, l, 'edit');
    await ctx.answerCallbackQuery();
  });

  // --- Attendance grid ----------------------------------------------------------------------
  const gridView = async (
    ctx: BotContext,
    l: TodayLesson,
    draftId: number,
    d: TodayDraft,
    names: Map<number, string>,
  ) => {
    const kb = new InlineKeyboard();
    d.students.forEach((studentId, i) => {
      const status = CODE_STATUS[d.statuses![i]];
      kb.text(
        ctx.tPlain(`today-att-${status}`, { name: names.get(studentId) ?? '?' }),
        cb('tt', pack([draftId, 1], [i, 1000])),
      );
      if (i % 2 === 1) kb.row();
    });
    kb.row().text(ctx.t('today-btn-done'), cb('tf', draftId)).text(ctx.t('today-btn-cancel'), cb('tl', l.lessonId));
    const absent = d.statuses!.filter((s) => s === 1).length;
    const late = d.statuses!.filter((s) => s === 2).length;
    const text = `${title(ctx, l)}\n${ctx.t('today-att-help')}\n${ctx.t('today-att-count', { students: d.students.length, absent, late })}`;
    await ctx.editMessageText(text, { parse_mode: 'HTML', reply_markup: kb });
  };
  const rosterNames = async (l: TodayLesson) => {
    const roster = await lessonRoster(deps.ds, l);
    return { roster, names: new Map(roster.map((r) => [r.studentId, shortName(r)])) };
  };
  lessonCallback('ta', async (ctx, l) => {
    const { roster, names } = await rosterNames(l);
    if (!roster.length)
      return void (await ctx.answerCallbackQuery({ text: ctx.t('today-no-students'), show_alert: true }));
    const d = {
      lessonId: l.lessonId,
      kind: 'attendance' as const,
      students: roster.map((r) => r.studentId),
      statuses: roster.map((r) => STATUS_CODE[r.status]),
    };
    const id = newDraft(ctx, d);
    await gridView(ctx, l, id, state(ctx).drafts[id], names);
    await ctx.answerCallbackQuery();
  });
  /** A draft from a button: the draft must exist and be of this kind, and its lesson still open to this teacher. */
  const draftButton = async (ctx: BotContext, draftId: number, kind: TodayDraft['kind']) => {
    if (!mayUseToday(ctx.access)) {
      await unavailable(ctx);
      return null;
    }
    const d = draftOf(ctx, draftId);
    if (!d || d.kind !== kind) {
      await ctx.answerCallbackQuery({ text: ctx.t('today-draft-expired'), show_alert: true });
      return null;
    }
    const l = await lessonOr(ctx, d.lessonId);
    return l ? { d, l } : null;
  };
  priv.callbackQuery(/^tt:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id) return void (await unavailable(ctx));
    const found = await draftButton(ctx, Math.floor(data.id / 1000), 'attendance');
    if (!found) return;
    const place = data.id % 1000;
    if (place >= found.d.students.length) return void (await unavailable(ctx));
    found.d.statuses![place] = STATUS_CODE[NEXT_STATUS[CODE_STATUS[found.d.statuses![place]]]];
    found.d.at = deps.clock.now().getTime();
    await gridView(ctx, found.l, Math.floor(data.id / 1000), found.d, (await rosterNames(found.l)).names);
    await ctx.answerCallbackQuery();
  });
  priv.callbackQuery(/^tf:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id) return void (await unavailable(ctx));
    const found = await draftButton(ctx, data.id, 'attendance');
    if (!found) return;
    const grid = new Map(found.d.students.map((studentId, i) => [studentId, CODE_STATUS[found.d.statuses![i]]]));
    const r = await saveAttendance(deps.ds, ctx.access!, found.l, grid);
    delete state(ctx).drafts[data.id];
    await showLesson(
      ctx,
      found.l,
      'edit',
      ctx.t('today-att-saved', { absent: r.absent, late: r.late, changed: r.changed }),
    );
    await ctx.answerCallbackQuery({ text: ctx.t('today-saved') });
  });

  // --- Topic, homework, comments: the next text message -------------------------------------
  const ask = async (ctx: BotContext, l: TodayLesson, kind: 'topic' | 'homework') => {
    state(ctx).awaiting = { kind, lessonId: l.lessonId, at: deps.clock.now().getTime() };
    await ctx.answerCallbackQuery();
    const current = kind === 'topic' ? l.topic : l.homework;
    await ctx.reply(
      ctx.t(kind === 'topic' ? 'today-ask-topic' : 'today-ask-homework', {
        class: l.className,
        subject: l.subject,
        subgroup: l.subgroup || 'none',
        current: current || 'none',
      }),
      { parse_mode: 'HTML', reply_markup: new InlineKeyboard().text(ctx.t('today-btn-cancel'), cb('tl', l.lessonId)) },
    );
  };
  lessonCallback('tp', (ctx, l) => ask(ctx, l, 'topic'));
  lessonCallback('th', async (ctx, l) => {
    if (!keepsMarks(l.grade))
      return void (await ctx.answerCallbackQuery({ text: ctx.t('today-grade-no-marks'), show_alert: true }));
    await ask(ctx, l, 'homework');
  });

  priv.on('message', async (ctx, next) => {
    const waiting = ctx.session.today?.awaiting;
    if (!waiting || !mayUseToday(ctx.access) || ctx.message.text?.startsWith('/')) return next();
    // A menu button pressed instead of an answer: the question is dropped, the button does its job.
    if (isMenuButton(ctx, ctx.message.text)) {
      ctx.session.today!.awaiting = undefined;
      return next();
    }
    if (deps.clock.now().getTime() - waiting.at > DRAFT_TTL_MS) {
      ctx.session.today!.awaiting = undefined;
      return next();
    }
    const text = (ctx.message.text ?? ctx.message.caption ?? '').trim();
    const doc = waiting.kind === 'homework' ? ctx.message.document : undefined;
    if (waiting.kind === 'homework' && ctx.message.photo && !doc)
      return void (await ctx.reply(ctx.t('today-photo-as-file')));
    if (!text && !doc) return void (await ctx.reply(ctx.t('today-text-only')));
    const l = await lessonOr(ctx, waiting.lessonId);
    ctx.session.today!.awaiting = undefined;
    if (!l) return;
    if (doc) {
      if (text) await saveHomework(deps.ds, ctx.access, l, text, deps.clock.now());
      await attachHomeworkFile(deps.ds, ctx.access, l, {
        fileName: doc.file_name ?? 'file',
        mimeType: doc.mime_type ?? 'application/octet-stream',
        size: doc.file_size ?? 0,
        telegramFileId: doc.file_id,
      });
      return void (await showLesson(
        ctx,
        (await lessonOr(ctx, l.lessonId)) ?? l,
        'reply',
        ctx.t('today-file-saved', { name: doc.file_name ?? '' }),
      ));
    }
    try {
      if (waiting.kind === 'topic') {
        await saveTopic(deps.ds, ctx.access, l, text);
        return void (await showLesson(
          ctx,
          (await lessonOr(ctx, l.lessonId)) ?? l,
          'reply',
          ctx.t('today-topic-saved'),
        ));
      }
      if (waiting.kind === 'homework') {
        await saveHomework(deps.ds, ctx.access, l, text, deps.clock.now());
        return void (await showLesson(
          ctx,
          (await lessonOr(ctx, l.lessonId)) ?? l,
          'reply',
          ctx.t('today-homework-saved'),
        ));
      }
      const d = waiting.draftId ? draftOf(ctx, waiting.draftId) : null;
      const studentId = d && waiting.place !== undefined ? d.students[waiting.place] : undefined;
      const existing =
        d?.workKindId && studentId ? (await lessonMarks(deps.ds, l.lessonId, d.workKindId)).get(studentId) : undefined;
      if (!d || !existing) return void (await ctx.reply(ctx.t('today-draft-expired')));
      await saveMark(deps.ds, ctx.access, l, {
        studentId: studentId!,
        workKindId: d.workKindId!,
        value: existing.value,
        comment: text,
      });
      await ctx.reply(ctx.t('today-comment-saved'));
      await marksView(ctx, l, waiting.draftId!, d, 'reply');
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'invalid') throw e;
      await ctx.reply(ctx.t('today-text-too-long'));
    }
  });

  // --- Marks --------------------------------------------------------------------------------
  lessonCallback('tk', async (ctx, l) => {
    if (!keepsMarks(l.grade))
      return void (await ctx.answerCallbackQuery({ text: ctx.t('today-grade-no-marks'), show_alert: true }));
    const kinds = await workKinds(deps.ds, l.schoolId);
    const id = newDraft(ctx, { lessonId: l.lessonId, kind: 'marks', students: [], kinds: kinds.map((k) => k.id) });
    const kb = new InlineKeyboard();
    kinds.forEach((k, i) => {
      kb.text(k.name, cb('tw', pack([id, 1], [i, 100])));
      if (i % 2 === 1) kb.row();
    });
    kb.row().text(ctx.t('today-btn-lesson'), cb('tl', l.lessonId));
    await ctx.editMessageText(`${title(ctx, l)}\n${ctx.t('today-pick-kind')}`, {
      parse_mode: 'HTML',
      reply_markup: kb,
    });
    await ctx.answerCallbackQuery();
  });

  const marksView = async (ctx: BotContext, l: TodayLesson, draftId: number, d: TodayDraft, how: 'edit' | 'reply') => {
    const { roster } = await rosterNames(l);
    const marks = await lessonMarks(deps.ds, l.lessonId, d.workKindId!);
    const kind = await workKindName(deps.ds, d.workKindId);
    const pages = Math.max(1, Math.ceil(d.students.length / PAGE));
    const page = Math.min(d.page ?? 0, pages - 1);
    const byId = new Map(roster.map((r) => [r.studentId, r]));
    const valueText = (v: MarkValue) =>
      /^\d$/.test(v)
        ? v
        : ctx.tPlain(v === 'exempt' ? 'today-mark-exempt' : v === 'notAttested' ? 'today-mark-na' : 'today-mark-other');
    const lines = d.students.map((studentId, i) => {
      const r = byId.get(studentId);
      const m = marks.get(studentId);
      return ctx.t('today-marks-line', {
        n: i + 1,
        name: r ? `${r.lastName} ${r.firstName}` : '?',
        mark: m ? valueText(m.value) : 'none',
        absent: r?.status === 'absent' ? 'yes' : 'no',
        comment: m?.comment ? m.comment : 'none',
      });
    });
    const kb = new InlineKeyboard();
    d.students.slice(page * PAGE, page * PAGE + PAGE).forEach((studentId, j) => {
      const i = page * PAGE + j;
      const r = byId.get(studentId);
      const m = marks.get(studentId);
      kb.text(
        ctx.tPlain('today-marks-student', {
          n: i + 1,
          name: r ? shortName(r) : '?',
          mark: m ? valueText(m.value) : 'none',
        }),
        cb('tc', pack([draftId, 1], [i, 1000])),
      ).row();
      for (const b of MARK_BUTTONS)
        kb.text(/^\d$/.test(b.key) ? b.key : ctx.t(b.key), cb('tm', pack([draftId, 1], [i, 1000], [b.code, 10])));
      kb.row();
    });
    if (pages > 1) {
      if (page > 0) kb.text(ctx.t('today-btn-prev'), cb('tg', pack([draftId, 1], [page - 1, 100])));
      kb.text(ctx.tPlain('today-page', { page: page + 1, pages }), cb('tg', pack([draftId, 1], [page, 100])));
      if (page < pages - 1) kb.text(ctx.t('today-btn-next'), cb('tg', pack([draftId, 1], [page + 1, 100])));
      kb.row();
    }
    kb.text(ctx.t('today-btn-kinds'), cb('tk', l.lessonId)).text(ctx.t('today-btn-lesson'), cb('tl', l.lessonId));
    const text = `${title(ctx, l)}\n${ctx.t('today-marks-kind', { kind: kind ?? '' })}\n\n${lines.join('\n')}\n\n${ctx.t('today-marks-help')}`;
    const opts = { parse_mode: 'HTML' as const, reply_markup: kb };
    if (how === 'edit') await ctx.editMessageText(text.slice(0, 4096), opts);
    else await ctx.reply(text.slice(0, 4096), opts);
  };

  priv.callbackQuery(/^tw:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id) return void (await unavailable(ctx));
    const draftId = Math.floor(data.id / 100);
    const found = await draftButton(ctx, draftId, 'marks');
    if (!found) return;
    const kindId = found.d.kinds?.[data.id % 100];
    if (!kindId) return void (await unavailable(ctx));
    const { roster } = await rosterNames(found.l);
    Object.assign(found.d, {
      workKindId: kindId,
      students: roster.map((r) => r.studentId),
      page: 0,
      at: deps.clock.now().getTime(),
    });
    await marksView(ctx, found.l, draftId, found.d, 'edit');
    await ctx.answerCallbackQuery();
  });
  priv.callbackQuery(/^tg:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id) return void (await unavailable(ctx));
    const draftId = Math.floor(data.id / 100);
    const found = await draftButton(ctx, draftId, 'marks');
    if (!found || !found.d.workKindId) return;
    found.d.page = data.id % 100;
    await marksView(ctx, found.l, draftId, found.d, 'edit');
    await ctx.answerCallbackQuery();
  });
  priv.callbackQuery(/^tm:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id) return void (await unavailable(ctx));
    const draftId = Math.floor(data.id / 10_000);
    const place = Math.floor(data.id / 10) % 1000;
    const button = MARK_BUTTONS.find((b) => b.code === data.id! % 10);
    const found = await draftButton(ctx, draftId, 'marks');
    if (!found) return;
    const studentId = found.d.students[place];
    if (!button || !studentId || !found.d.workKindId) return void (await unavailable(ctx));
    await saveMark(deps.ds, ctx.access!, found.l, { studentId, workKindId: found.d.workKindId, value: button.value });
    found.d.at = deps.clock.now().getTime();
    await marksView(ctx, found.l, draftId, found.d, 'edit');
    await ctx.answerCallbackQuery({ text: ctx.t('today-saved') });
  });
  priv.callbackQuery(/^tc:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (!data?.id) return void (await unavailable(ctx));
    const draftId = Math.floor(data.id / 1000);
    const found = await draftButton(ctx, draftId, 'marks');
    if (!found) return;
    const place = data.id % 1000;
    const studentId = found.d.students[place];
    const m =
      studentId && found.d.workKindId
        ? (await lessonMarks(deps.ds, found.l.lessonId, found.d.workKindId)).get(studentId)
        : undefined;
    if (!m) return void (await ctx.answerCallbackQuery({ text: ctx.t('today-comment-no-mark'), show_alert: true }));
    state(ctx).awaiting = {
      kind: 'comment',
      lessonId: found.l.lessonId,
      draftId,
      place,
      at: deps.clock.now().getTime(),
    };
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('today-ask-comment'), {
      reply_markup: new InlineKeyboard().text(ctx.t('today-btn-cancel'), cb('tl', found.l.lessonId)),
    });
  });

  return composer;
}
