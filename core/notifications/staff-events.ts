import { managesClass, staffRecipients } from './audience.js';
import { num, type Handler } from './event-plan.js';
import { joinHtml } from '../html.js';
import { childName, momentText, str, t, tHtml } from './texts.js';

/** News for staff: a family's reported compromise, the journal feed down. */
/** A family reported a compromise (003 §3.3): the class teachers of its children are told. */
export const compromised: Handler = async (e, ctx) => {
  const p = e.payload;
  const studentIds = ((p.studentIds ?? []) as unknown[]).map(num);
  const teacherIds = ((p.classTeacherIds ?? []) as unknown[]).map(num);
  if (!studentIds.length || !teacherIds.length) return [];
  const students: {
    studentId: number;
    classId: number;
    schoolId: number;
    firstName: string;
    lastName: string;
    className: string;
  }[] = await ctx.ds.query(
    `SELECT st.id AS "studentId", st."classId", st."schoolId", st."firstName", st."lastName", c.name AS "className"
       FROM student st JOIN school_class c ON c.id = st."classId" WHERE st.id = ANY($1) ORDER BY c.grade, c.name, st."lastName"`,
    [studentIds],
  );
  const recipients = await staffRecipients(ctx.ds, { staffIds: teacherIds }, ctx.cache, (prof) =>
    students.some((s) => managesClass(s)(prof)),
  );
  const reportedAt = p.reportedAt ? new Date(str(p.reportedAt)) : e.createdAt;
  return recipients.map((r) => {
    const mine = students.filter((s) => managesClass(s)(r.profile));
    const children = joinHtml(
      mine.map((s) => tHtml('notifications-compromise-child', { child: childName(s), class: s.className })),
      ', ',
    );
    return {
      key: `compromise:${e.id}`,
      schoolId: e.schoolId,
      eventId: String(e.id),
      kind: 'security',
      preference: null,
      recipient: r,
      text: t('notifications-compromise', {
        time: momentText(reportedAt, ctx.timezone),
        children,
        links: num(p.linksEnded) || 0,
      }),
    };
  });
};

/** The school's journal feed is down: its administrators are told. */
export const feedDown: Handler = async (e, ctx) => {
  const p = e.payload;
  const recipients = await staffRecipients(
    ctx.ds,
    { schoolId: e.schoolId, role: 'admin' },
    ctx.cache,
    (prof) => !!prof.staff?.roles.includes('admin') && prof.staff.schoolId === e.schoolId,
  );
  const sinceRaw = p.asOf ?? null;
  const since =
    sinceRaw && !Number.isNaN(Date.parse(str(sinceRaw))) ? momentText(new Date(str(sinceRaw)), ctx.timezone) : null;
  return recipients.map((r) => ({
    key: `feed:${e.id}`,
    schoolId: e.schoolId,
    eventId: String(e.id),
    kind: 'security',
    preference: null,
    recipient: r,
    text: t('notifications-feed-down', { since }),
  }));
};
