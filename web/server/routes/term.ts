import { Hono } from 'hono';
import { z } from 'zod';
import { isIsoDate } from '../../../core/calendar.js';
import { textsOf } from '../../../core/texts.js';
import type { WebDeps, WebEnv } from '../context.js';
import { refuse } from '../http-errors.js';
import { valid } from '../validate.js';

export type { TermHomework } from '../../../core/term/service.js';
export type { TermChild, TermFile, TermMark, TermNotice, TermSubject, TermView } from '../../../core/term/service.js';

const t = textsOf('term');

/** Ids are database keys (int4): anything else is not an id. */
const id = z.coerce.number().int().positive().max(2_147_483_647);
const termQuery = z.object({ student: id.optional(), period: id.optional() });
const weekQuery = z.object({
  student: id.optional(),
  week: z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').optional(),
});
const fileBody = z.object({ attachmentId: id });
const childBody = z.object({ studentId: id });

// Made once: formatters are costly to build. A school day as «чт, 26 ноября».
const DAY = new Intl.DateTimeFormat('ru-RU', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'long' });

/**
 * The family's term at a glance (screen 3): a child's marks of a period, the
 * week's homework and its files (sent to the person's chat by the bot: the
 * frame cannot download), the child switch. Every call asks the policy through
 * services.term; a child or file the account may not see is 403 `forbidden`,
 * the same as one that does not exist.
 */
export function termRoutes(deps: WebDeps) {
  const { services } = deps;
  return new Hono<WebEnv>()
    .get('/term', valid('query', termQuery), async (c) => {
      const q = c.req.valid('query');
      const view = await services.term.marks(c.get('profile'), q.student, q.period);
      return view ? c.json(view) : refuse('forbidden');
    })
    .get('/term/homework', valid('query', weekQuery), async (c) => {
      const q = c.req.valid('query');
      const week = await services.term.homework(c.get('profile'), q.student, q.week);
      return week ? c.json(week) : refuse('forbidden');
    })
    .post('/term/homework-file', valid('json', fileBody), async (c) => {
      const f = await services.term.file(c.get('profile'), c.req.valid('json').attachmentId);
      if (!f) return refuse('forbidden');
      const caption = t.plain('term-file-caption', {
        student: f.student,
        subject: f.subject,
        date: DAY.format(new Date(`${f.date}T12:00:00Z`)),
      });
      const chatId = c.get('userId');
      try {
        if (c.get('messenger') === 'max') {
          // MAX's chat: uploaded from the content (the stored file id is Telegram's); a file only Telegram
          // holds goes by its Telegram id, which MAX's front end carries over (max/file-bridge.ts).
          if (!deps.maxChat) throw new Error('no MAX bot in this process');
          if (f.content) await deps.maxChat.sendFile(chatId, { content: f.content, fileName: f.fileName }, caption);
          else if (f.telegramFileId) await deps.maxChat.sendDocument(chatId, f.telegramFileId, caption);
          else throw new Error('file not available to MAX');
        } else if (!deps.chat) throw new Error('no Telegram bot in this process');
        else if (f.telegramFileId) await deps.chat.sendDocument(chatId, f.telegramFileId, caption);
        else {
          // Not in Telegram yet (a file from the journal feed): uploaded once, as the chat's diary does.
          const fileId = await deps.chat.sendFile(chatId, { content: f.content!, fileName: f.fileName }, caption);
          if (fileId) await services.term.rememberFileId(f.attachmentId, fileId);
        }
      } catch (err) {
        // Mostly: the person has not started the bot or has blocked it.
        deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'term: file not sent');
        return c.json(
          { error: 'notSent', message: t.plain('term-file-failed', { messenger: c.get('messenger') }) },
          502,
        );
      }
      return c.json({ sent: true, message: t.plain('term-file-sent') });
    })
    .post('/term/child', valid('json', childBody), async (c) => {
      const p = c.get('profile');
      const { studentId } = c.req.valid('json');
      // The same switch as the chat's «👤» button: the chat's diary follows.
      if (!(await services.linking.switchChild(p, studentId))) return refuse('forbidden');
      return c.json({ activeStudentId: studentId });
    });
}
