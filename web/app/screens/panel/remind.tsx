import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { t } from '../../texts.js';

type State = { kind: 'idle' | 'sending' } | { kind: 'done' | 'refused'; text: string };

/** The deputy's «remind the teacher» (the chat's, through Notifications), with its own status. */
export function Remind({ teacher, period }: { teacher: { id: number; linked: boolean }; period: string | null }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  if (!teacher.linked) return <p class="hint">{t('panel-remind-unlinked')}</p>;
  const send = async () => {
    setState({ kind: 'sending' });
    try {
      const q = period ? `?period=${encodeURIComponent(period)}` : '';
      const r = await api<{ linked: boolean; lessons: number }>(`panel/teacher/${teacher.id}/remind${q}`, {
        method: 'POST',
        body: {},
      });
      const text = !r.linked
        ? t('panel-remind-unlinked')
        : r.lessons
          ? t('panel-remind-sent', { count: r.lessons })
          : t('panel-remind-nothing');
      setState({ kind: 'done', text });
    } catch (e) {
      setState({ kind: 'refused', text: e instanceof ApiError ? e.message : t('webapp-offline') });
    }
  };
  return (
    <div class="toolbar">
      <button type="button" class="primary" disabled={state.kind !== 'idle'} onClick={() => void send()}>
        {t('panel-remind')}
      </button>
      {state.kind === 'sending' && <span class="hint">{t('panel-remind-sending')}</span>}
      {(state.kind === 'done' || state.kind === 'refused') && (
        <span class={state.kind === 'refused' ? 'error' : 'good'} role="status">
          {state.text}
        </span>
      )}
    </div>
  );
}
