import { navigate } from './route.js';
import type { ScreenName } from './screens/index.js';
import { t } from './texts.js';

/** GET /app/api/me (web/server/routes/me.ts). */
export interface Me {
  staff: { name: string; roles: string[] } | null;
  children: { studentId: number; name: string; className: string }[];
  activeStudentId: number | null;
  screens: ScreenName[];
}

/** The screens this account may open; with one screen the app opens it at once. */
export function Home({ me }: { me: Me }) {
  return (
    <main class="screen home">
      <h1>{t('webapp-title')}</h1>
      {me.staff && <p class="hint">{me.staff.name}</p>}
      {me.screens.length === 0 && <p class="notice">{t('webapp-nothing')}</p>}
      <nav class="cards">
        {me.screens.map((s) => (
          <button type="button" class="card" key={s} onClick={() => navigate({ screen: s })}>
            <strong>{t(`webapp-screen-${s}`)}</strong>
            <span class="hint">{t(`webapp-screen-${s}-hint`)}</span>
          </button>
        ))}
      </nav>
    </main>
  );
}
