/** The questions the bot can wait an answer to (types only; the mechanism: bot/answers.ts). */

/** The questions, with what each answer needs to know (ids of the draft or entry it belongs to). */
export interface Questions {
  abrRange: Record<string, never>;
  abrReasonText: Record<string, never>;
  abrCertificate: Record<string, never>;
  abrAttach: { id: number };
  abrReject: { id: number };
  abrReply: { id: number };
  thread: { id: number };
  threadNew: { id: number };
  consultTimes: Record<string, never>;
  consultComment: { id: number };
  consultCounter: { id: number };
  correction: Record<string, never>;
  correctionAnswer: { id: number };
  announceText: Record<string, never>;
  announceTime: Record<string, never>;
  /** /today: the lesson's topic, its homework (a text or a file), a comment on a mark in a marks draft. */
  todayTopic: { lessonId: number };
  todayHomework: { lessonId: number };
  todayComment: { lessonId: number; draftId: number; place: number };
}
export type QuestionKind = keyof Questions;

/** What the session keeps of an open question. */
export interface OpenQuestion {
  kind: QuestionKind;
  args: Record<string, number>;
  /** When it was asked, by the product's clock (ms). */
  at: number;
  ttlMs: number;
}
