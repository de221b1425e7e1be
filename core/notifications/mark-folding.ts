import type { MarkValue, OutboxEvent } from '../../db/entities/index.js';

/**
 * Marks wait out the correction window: the events of one child within it are
 * folded per mark into what a family needs to know — a mark set and fixed at
 * once is one new mark with its final value, a mark set and deleted is
 * nothing, a change undone is nothing — and go out as one message.
 */
export interface MarkItem {
  change: 'new' | 'changed' | 'deleted';
  markId: number;
  subjectId: number;
  date: string;
  value: MarkValue | null;
  old: MarkValue | null;
  workKindId: number | null;
}
export interface PeriodMarkItem {
  change: 'new' | 'changed';
  periodMarkId: number;
  subjectId: number;
  periodId: number;
  value: MarkValue;
  old: MarkValue | null;
}

const num = (v: unknown) => Number(v);

export function foldMarkEvents(events: Pick<OutboxEvent, 'type' | 'payload'>[]): {
  marks: MarkItem[];
  periodMarks: PeriodMarkItem[];
} {
  const marks = new Map<
    number,
    {
      existed: boolean;
      original: MarkValue | null;
      final: MarkValue | null;
      subjectId: number;
      date: string;
      workKindId: number | null;
    }
  >();
  const periods = new Map<
    number,
    { original: MarkValue | null; final: MarkValue; subjectId: number; periodId: number }
  >();
  for (const e of events) {
    const p = e.payload;
    if (e.type === 'periodMark.set') {
      const id = num(p.periodMarkId);
      const cur = periods.get(id);
      const value = p.value as MarkValue;
      if (cur) cur.final = value;
      else
        periods.set(id, {
          original: (p.oldValue as MarkValue | null) ?? null,
          final: value,
          subjectId: num(p.subjectId),
          periodId: num(p.periodId),
        });
      continue;
    }
    const id = num(p.markId);
    let cur = marks.get(id);
    if (!cur) {
      cur = {
        existed: e.type !== 'mark.set',
        original: e.type === 'mark.set' ? null : ((p.oldValue as MarkValue) ?? null),
        final: null,
        subjectId: num(p.subjectId),
        date: String(p.date),
        workKindId: null,
      };
      marks.set(id, cur);
    }
    cur.subjectId = num(p.subjectId);
    cur.date = String(p.date);
    if (e.type === 'mark.deleted') cur.final = null;
    else {
      cur.final = p.value as MarkValue;
      cur.workKindId = p.workKindId === undefined ? cur.workKindId : num(p.workKindId);
    }
  }
  const markItems: MarkItem[] = [];
  for (const [markId, m] of marks) {
    const base = { markId, subjectId: m.subjectId, date: m.date, workKindId: m.workKindId };
    if (!m.existed && m.final !== null) markItems.push({ ...base, change: 'new', value: m.final, old: null });
    else if (m.existed && m.final === null)
      markItems.push({ ...base, change: 'deleted', value: null, old: m.original });
    else if (m.existed && m.final !== null && m.final !== m.original)
      markItems.push({ ...base, change: 'changed', value: m.final, old: m.original });
  }
  const periodItems: PeriodMarkItem[] = [];
  for (const [periodMarkId, p] of periods)
    if (p.final !== p.original)
      periodItems.push({
        change: p.original === null ? 'new' : 'changed',
        periodMarkId,
        subjectId: p.subjectId,
        periodId: p.periodId,
        value: p.final,
        old: p.original,
      });
  return { marks: markItems, periodMarks: periodItems };
}
