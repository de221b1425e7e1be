import { render } from 'preact';
import { signIn } from './api.js';
import { App } from './shell.js';
import { startTelegram } from './telegram.js';
import { t } from './texts.js';
import './app.css';

const root = document.getElementById('app')!;
const launch = startTelegram();
if (!launch) {
  // Opened outside Telegram without launch data: nothing to sign in with.
  root.textContent = t('webapp-no-launch-data');
} else {
  signIn(launch.initData);
  document.documentElement.classList.toggle('dark', launch.dark);
  render(<App launch={launch} />, root);
}
