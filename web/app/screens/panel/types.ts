import type { ClassLevel, LessonLevel, SchoolLevel, StudentLevel, TeacherLevel } from '../../../server/routes/panel.js';

/** The panel's API answers (web/server/routes/panel.ts → core/panel): the server's own types, never copied. */
export type { ClassLevel, LessonLevel, SchoolLevel, StudentLevel, TeacherLevel };
export type Figures = SchoolLevel['figures'];
export type Figure = keyof Figures['counts'];
export type WeekPoint = SchoolLevel['chart'][number];
/** What every level but the student's and the lesson's carries: the span, the periods, the figures, the chart. */
export type Head = Omit<SchoolLevel, 'classes'>;
export type ClassRow = SchoolLevel['classes'][number];
export type TeacherRow = ClassLevel['teachers'][number];
export type StudentRow = ClassLevel['students'][number];
export type LessonLine = TeacherLevel['lessons'][number];

/** A school day as «24.11». */
export const shortDate = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}`;
/** Hundredths as the diary shows an average: 450 → «4,50». */
export const hundredths = (n: number) => `${Math.floor(n / 100)},${String(n % 100).padStart(2, '0')}`;
/** A whole percent, half up, 0 of nothing (as the chat's panel). */
export const percent = (n: number, of: number) => (of ? Math.round((100 * n) / of) : 0);
