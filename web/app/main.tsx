import { render } from 'preact';
import { signIn } from './api.js';
import { startMax } from './max.js';
import { App } from './shell.js';
import { startTelegram } from './telegram.js';
import { t } from './texts.js';
import './app.css';

const root = document.getElementById('app')!;
// MAX's launch data first: the Telegram SDK would otherwise look for its own and find none.
const launch = startMax() ?? startTelegram();
if (!launch) {
  // Opened outside both messengers without launch data: nothing to sign in with.
  root.textContent = t('webapp-no-launch-data');
} else {
  signIn(launch.initData, launch.scheme);
  document.documentElement.classList.toggle('dark', launch.dark);
  render(<App launch={launch} />, root);
}
