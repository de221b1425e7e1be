import type { ComponentChildren } from 'preact';
import { t } from '../../texts.js';
import { remember, type Go } from './nav.js';
import type { ClassLevel, SchoolLevel, TeacherLevel, TeacherRow, ClassRow, StudentRow } from './types.js';
import { Remind } from './remind.js';
import { LessonsTable } from './lessons.js';

/** A table whose first column stays put while the rest scrolls. */
export function Table({ head, children }: { head: string[]; children: ComponentChildren }) {
  return (
    <div class="table-wrap panel-table">
      <table>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={h} class={i === 0 ? 'name' : ''}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A count in a cell: red when something is missing. */
export const N = ({ n }: { n: number }) => <td class={n ? 'bad' : ''}>{n}</td>;

/** The name cell that drills one level down. */
export const Drill = ({ label, onClick }: { label: string; onClick: () => void }) => (
  <td class="name">
    <button type="button" class="link" onClick={onClick}>
      {label}
    </button>
  </td>
);

const KEPT = ['panel-col-held', 'panel-col-no-topic', 'panel-col-hw-missing', 'panel-col-hw-late'];

export function SchoolView({ data, go }: { data: SchoolLevel; go: Go }) {
  const row = (c: ClassRow) => (
    <tr key={c.classId}>
      <Drill label={c.name} onClick={() => go({ class: remember('class', c.classId, c.name) })} />
      <td>{c.held}</td>
      <N n={c.noTopic} />
      <N n={c.homeworkMissing} />
      <N n={c.homeworkLate} />
      <N n={c.noMarks} />
      <N n={c.attendanceLate} />
      <N n={c.marksLate} />
      <N n={c.familiesOff} />
    </tr>
  );
  const cols = ['panel-col-class', ...KEPT, 'panel-col-no-marks', 'panel-col-att-late', 'panel-col-marks-late'];
  return (
    <section>
      <h2>{t('panel-classes')}</h2>
      <Table head={[...cols, 'panel-col-fam-off'].map((k) => t(k))}>{data.classes.map(row)}</Table>
    </section>
  );
}

export function ClassView({ data, go }: { data: ClassLevel; go: Go }) {
  const teacher = (r: TeacherRow) => (
    <tr key={`${r.teacherId}:${r.subject}`}>
      <Drill
        label={r.teacher}
        onClick={() => go({ class: data.cls.classId, teacher: remember('teacher', r.teacherId, r.teacher) })}
      />
      <td>{r.subject}</td>
      <td>{r.held}</td>
      <N n={r.noTopic} />
      <N n={r.homeworkMissing} />
      <N n={r.homeworkLate} />
      <N n={r.noMarks} />
    </tr>
  );
  const student = (s: StudentRow) => (
    <tr key={s.studentId}>
      <Drill
        label={s.name}
        onClick={() => go({ class: data.cls.classId, student: remember('student', s.studentId, s.name) })}
      />
      <N n={s.noMarks} />
      <td>{s.oneMark}</td>
      <td>{s.absences}</td>
      <td>{s.late}</td>
    </tr>
  );
  return (
    <>
      <section>
        <h2>{t('panel-teachers')}</h2>
        <Table
          head={['panel-col-teacher', 'panel-col-subject', ...KEPT, 'panel-col-lessons-no-marks'].map((k) => t(k))}
        >
          {data.teachers.map(teacher)}
        </Table>
      </section>
      <section>
        <h2>{t('panel-students')}</h2>
        <Table
          head={[
            'panel-col-student',
            'panel-col-subjects-no-marks',
            'panel-col-one-mark',
            'panel-col-absences',
            'panel-col-late',
          ].map((k) => t(k))}
        >
          {data.students.map(student)}
        </Table>
      </section>
    </>
  );
}

export function TeacherView(props: { data: TeacherLevel; go: Go; classId?: number; period: string | null }) {
  const { data, go, classId } = props;
  return (
    <section>
      {data.manage && <Remind teacher={data.teacher} period={props.period} />}
      <h2>{t('panel-lessons')}</h2>
      <LessonsTable
        lessons={data.lessons}
        open={(l) =>
          go({
            class: classId,
            teacher: data.teacher.id,
            lesson: remember('lesson', l.lessonId, `${l.className} ${l.subject}`),
          })
        }
      />
    </section>
  );
}
