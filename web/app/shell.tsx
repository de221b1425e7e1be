import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './api.js';
import { Home, type Me } from './home.js';
import { goBack, useRoute } from './route.js';
import { SCREENS } from './screens/index.js';
import { onBack, type Launch } from './telegram.js';
import { t } from './texts.js';

/** Loading, the home screen, or the screen the URL names; Telegram's back button goes up a level (route.ts goBack), then home. */
export function App({ launch }: { launch: Launch }) {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const route = useRoute();
  useEffect(() => {
    api<Me>('me').then(setMe, (e: unknown) => setError(e instanceof ApiError ? e.message : t('webapp-offline')));
  }, []);
  useEffect(() => (route.screen ? onBack(launch, goBack) : undefined), [route.screen, launch]);
  if (error) return <Notice text={error} />;
  if (!me) return <Notice text={t('webapp-loading')} />;
  // With one screen there is nothing to choose: it opens at once.
  const name = route.screen ?? (me.screens.length === 1 ? me.screens[0] : null);
  const Screen = name && me.screens.includes(name) ? SCREENS[name] : null;
  if (!Screen) return <Home me={me} />;
  return (
    <main class="screen">
      {!launch.inTelegram && route.screen && (
        <button type="button" class="link back" onClick={goBack}>
          ← {t('webapp-back')}
        </button>
      )}
      <Screen me={me} params={route.params} launch={launch} />
    </main>
  );
}

export function Notice({ text }: { text: string }) {
  return (
    <p class="notice" role="status">
      {text}
    </p>
  );
}
