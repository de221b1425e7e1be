import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import type { TermFile, TermHomework } from '../../../server/routes/term.js';
import { t } from '../../texts.js';
import { addDays, day, dayMonth, fileSize } from './format.js';

/** A homework file: a tap asks the bot to send it to the chat (the frame cannot download files). */
function FileButton({ file }: { file: TermFile }) {
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const send = async () => {
    setStatus({ text: t('term-file-sending'), error: false });
    try {
      const r = await api<{ message: string }>('term/homework-file', { body: { attachmentId: file.id } });
      setStatus({ text: r.message, error: false });
    } catch (e) {
      setStatus({ text: e instanceof ApiError ? e.message : t('webapp-offline'), error: true });
    }
  };
  return (
    <div class="term-file">
      <button type="button" class="link" onClick={() => void send()}>
        {t('term-file', { name: file.name, size: fileSize(file.size) })}
      </button>
      {status && (
        <span class={status.error ? 'error' : 'hint'} role="status">
          {' '}
          {status.text}
        </span>
      )}
    </div>
  );
}

/** The homework of a week by day, with its files; the week moves back and forth. */
export function HomeworkWeek({ studentId }: { studentId: number }) {
  const [week, setWeek] = useState<string | null>(null);
  const [data, setData] = useState<TermHomework | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    const q = new URLSearchParams({ student: String(studentId), ...(week ? { week } : {}) });
    api<TermHomework>(`term/homework?${q}`).then(setData, (e: unknown) =>
      setError(e instanceof ApiError ? e.message : t('webapp-offline')),
    );
  }, [studentId, week]);
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p class="hint">{t('webapp-loading')}</p>;
  if (data.notice) return <p class="notice">{t('term-no-homework')}</p>;
  const go = (days: number) => setWeek(addDays(data.monday, days));
  return (
    <section class="term-homework">
      <h2>{t('term-homework-title', { from: dayMonth(data.monday), to: dayMonth(addDays(data.monday, 6)) })}</h2>
      <div class="toolbar">
        <button type="button" class="link" onClick={() => go(-7)}>
          {t('term-homework-prev')}
        </button>
        <button type="button" class="link" onClick={() => setWeek(data.today)}>
          {t('term-homework-this')}
        </button>
        <button type="button" class="link" onClick={() => go(7)}>
          {t('term-homework-next')}
        </button>
      </div>
      {!data.days.length && <p class="hint">{t('term-homework-none')}</p>}
      {data.days.map((d) => (
        <div class={`term-day${d.date === data.today ? ' today' : ''}`} key={d.date}>
          <h3>{day(d.date)}</h3>
          {d.lessons.map((l) => (
            <div class="term-lesson" key={l.lessonId}>
              <strong>{l.subgroup ? `${l.subject} (${l.subgroup})` : l.subject}</strong>
              {l.cancelled && <span class="hint"> — {t('term-homework-cancelled')}</span>}
              <div class="term-task">{l.homework ?? <span class="hint">{t('term-homework-no-text')}</span>}</div>
              {l.files.map((f) => (
                <FileButton key={f.id} file={f} />
              ))}
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}
