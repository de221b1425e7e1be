/** What /today keeps in the chat's session (types only: bot/context.ts reads them without the feature). */

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

/** What /today keeps in the session: drafts by small id (the text it waits for is the chat's question, bot/answers.ts). */
export interface TodaySession {
  seq: number;
  drafts: Record<string, TodayDraft>;
}
