/** The panel's API answers (web/server/routes/panel.ts → core/panel), as the page reads them. */
export type Figure =
  | 'nomarks'
  | 'onemark'
  | 'hwmissing'
  | 'hwlate'
  | 'notopic'
  | 'attlate'
  | 'markslate'
  | 'famoff'
  | 'famidle'
  | 'changed'
  | 'reports';
export interface Figures {
  counts: Record<Figure, number>;
  totals: {
    pairs: number;
    lessonsHeld: number;
    homeworkExpected: number;
    writtenMarks: number;
    familiesStudents: number;
    familiesConnected: number;
    familiesActive: number;
    correctionsOverdue: number;
  };
}
export interface WeekPoint {
  monday: string;
  held: number;
  filled: number;
}
export interface Head {
  span: { from: string; to: string; periodId: number | null };
  periods: { id: number; name: string }[];
  figures: Figures;
  manage: boolean;
  chart: WeekPoint[];
}
export interface Kept {
  held: number;
  noTopic: number;
  homeworkExpected: number;
  homeworkMissing: number;
  homeworkLate: number;
}
export interface ClassRow extends Kept {
  classId: number;
  name: string;
  noMarks: number;
  attendanceLate: number;
  marksLate: number;
  familiesOff: number;
}
export interface TeacherRow extends Kept {
  teacherId: number;
  teacher: string;
  subject: string;
  noMarks: number;
}
export interface StudentRow {
  studentId: number;
  name: string;
  noMarks: number;
  oneMark: number;
  absences: number;
  late: number;
}
export interface LessonLine {
  lessonId: number;
  date: string;
  slot: number;
  classId: number;
  className: string;
  subject: string;
  subgroup: string | null;
  cancelled: boolean;
  noTopic: boolean;
  homework: 'missing' | 'late' | null;
  marks: number | null;
  absences: number;
}
export interface SchoolLevel extends Head {
  classes: ClassRow[];
}
export interface ClassLevel extends Head {
  cls: { classId: number; name: string; grade: number };
  teachers: TeacherRow[];
  students: StudentRow[];
}
export interface TeacherLevel extends Head {
  teacher: { id: number; name: string; linked: boolean };
  lessons: LessonLine[];
}
export interface StudentLevel {
  periods: { id: number; name: string }[];
  student: { studentId: number; name: string; classId: number; className: string };
  period: { id: number; name: string } | null;
  subjects:
    | { subject: string; marks: string[]; average: number | null; rounded: number | null; periodMark: string | null }[]
    | null;
  absences: {
    lessons: Record<'illness' | 'excused' | 'unexcused' | 'unknown', number>;
    total: number;
    wholeDays: number;
    late: number;
  } | null;
}
export interface LessonLevel {
  lessonId: number;
  date: string;
  slot: number;
  startsAt: string;
  endsAt: string;
  classId: number;
  className: string;
  subject: string;
  subgroup: string | null;
  teacher: string;
  substitute: boolean;
  cancelled: boolean;
  topic: string | null;
  homework: string | null;
  students: number;
  attendance: { studentId: number; name: string; status: 'absent' | 'late'; reason: string }[];
  marks: { studentId: number; name: string; value: string; workKind: string }[];
}

/** A school day as «24.11». */
export const shortDate = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}`;
/** Hundredths as the diary shows an average: 450 → «4,50». */
export const hundredths = (n: number) => `${Math.floor(n / 100)},${String(n % 100).padStart(2, '0')}`;
/** A whole percent, half up, 0 of nothing (as the chat's panel). */
export const percent = (n: number, of: number) => (of ? Math.round((100 * n) / of) : 0);
