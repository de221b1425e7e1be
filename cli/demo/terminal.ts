import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ReplyKeyboard } from '../../test/support/fake-bot-api/index.js';
import type { DemoButton, DemoChatApi, DemoChatEvent, DemoMessage } from './chat-api.js';
import type { Persona } from './school.js';
import { Screen } from './screen.js';
import type { Texts } from './texts.js';

// The readline side is in screen.ts; cli/demo.ts and the tests take both from here.
export { Screen };

type Action = ({ kind: 'inline'; messageId: string } & DemoButton) | { kind: 'reply'; text: string };

const FLUSH_MS = 120;
const QUIET_MS = 500;
const MAX_WAIT_MS = 10_000;

/**
 * One person's chat with the bot: the bot's messages as they arrive (edits
 * reprinted, marked), buttons numbered [1] [2] … per turn (a turn is what the
 * bot says after the user's last action), the reply keyboard listed after them.
 */
export class TerminalChat {
  private actions: Action[] = [];
  private keyboard: ReplyKeyboard | null = null;
  private keyboardShown = false;
  private events: DemoChatEvent[] = [];
  private flushTimer?: NodeJS.Timeout;
  private lastEventAt = 0;
  private eventsSinceAction = 0;
  private readonly off: () => void;

  constructor(
    /** The messenger's fake API (./chat-api.ts: Telegram's or MAX's). */
    private readonly api: DemoChatApi,
    private readonly screen: Screen,
    private readonly t: Texts,
    readonly persona: Persona,
    /** Where files the bot sends are written (the demo's data folder); none: not written. */
    private readonly filesDir?: string,
    /** The browser link that opens a `web_app` button's Mini App address as this person (cli/demo/launcher.ts). */
    private readonly openWebApp?: (appUrl: string) => string,
  ) {
    this.keyboard = api.keyboardFor(persona.userId);
    this.off = api.watch(persona.userId, (e) => this.queue(e));
  }

  detach(): void {
    this.flush();
    this.off();
  }

  private queue(e: DemoChatEvent): void {
    this.events.push(e);
    this.lastEventAt = Date.now();
    this.eventsSinceAction++;
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Opens the bot as the invitation's deep link would (`/start <code>` in Telegram), or plainly for a linked account. */
  async open(linked: boolean): Promise<void> {
    const p = this.persona;
    this.api.addUser({ id: p.userId, firstName: p.firstName, lastName: p.lastName });
    this.screen.print(
      this.t(linked ? 'demo-chat-linked' : 'demo-chat-code', { code: p.code, messenger: this.api.messenger }),
    );
    this.screen.print(this.t('demo-chat-hint'));
    this.newTurn();
    const did = this.api.start(p.userId, linked ? undefined : p.code);
    this.screen.print(
      `${this.t('demo-you')}: ${'text' in did ? did.text : this.t('demo-max-start', { link: did.link })}`,
    );
    await this.settle();
  }

  /** What a line typed by the user does: a number presses a button, anything else is a message. */
  async input(line: string): Promise<void> {
    const n = /^\s*(\d{1,3})\s*$/.exec(line);
    const action = n ? this.actions[Number(n[1]) - 1] : undefined;
    if (!action) return this.send(line, !this.screen.echoes);
    if (action.kind === 'reply') {
      this.api.hideOneTimeKeyboard(this.persona.userId);
      return this.send(action.text, true);
    }
    // A MAX `message` button sends its text, as Telegram's reply keyboard does.
    if (action.sendsText) return this.send(action.text, true);
    if (action.url) return this.screen.print(this.t('demo-url-button', { url: action.url }));
    if (action.webApp !== undefined && this.openWebApp)
      return this.screen.print(this.t('demo-webapp-button', { url: this.openWebApp(action.webApp) }));
    if (action.data === undefined) return this.screen.print(this.t('demo-button-unsupported'));
    if (!this.api.press(this.persona.userId, action.messageId, action.data))
      return this.screen.print(this.t('demo-button-gone'));
    this.screen.print(`${this.t('demo-you')}: [${action.text}]`);
    this.newTurn();
    await this.settle();
  }

  private async send(text: string, echo: boolean): Promise<void> {
    if (echo) this.screen.print(`${this.t('demo-you')}: ${text}`);
    this.newTurn();
    this.api.write(this.persona.userId, text);
    await this.settle();
  }

  private newTurn(): void {
    this.flush();
    this.actions = [];
    this.keyboardShown = false;
    this.eventsSinceAction = 0;
  }

  /** Waits until the bot has answered and gone quiet (or gave no answer in time). */
  private async settle(): Promise<void> {
    const started = Date.now();
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const quiet = Date.now() - this.lastEventAt >= QUIET_MS;
      if (this.eventsSinceAction > 0 && quiet) break;
      if (Date.now() - started > MAX_WAIT_MS) {
        if (!this.eventsSinceAction) this.screen.print(this.t('demo-no-answer'));
        break;
      }
    }
    this.flush();
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    const events = this.events.splice(0);
    if (!events.length) return;
    const lines: string[] = [];
    let keyboardChanged = false;
    for (const e of events) {
      if (e.kind === 'message' || e.kind === 'edit')
        lines.push('', ...this.renderMessage(e.message, e.kind === 'edit'));
      else if (e.kind === 'delete') lines.push(`  ${this.t('demo-deleted')}`);
      else if (e.kind === 'answer') {
        if (e.text) lines.push(`  ${this.t(e.alert ? 'demo-alert' : 'demo-toast', { text: e.text })}`);
        if (e.url) lines.push(`  ${this.t('demo-url-button', { url: e.url })}`);
      } else if (e.kind === 'keyboard') {
        this.keyboard = e.keyboard;
        keyboardChanged = true;
      }
    }
    const printedMessage = events.some((e) => e.kind === 'message' || e.kind === 'edit');
    if (this.keyboard && (keyboardChanged || (printedMessage && !this.keyboardShown))) {
      lines.push('', this.t('demo-keyboard'));
      for (const row of this.keyboard.buttons)
        lines.push(`  ${row.map((text) => `[${this.add({ kind: 'reply', text })}] ${text}`).join('   ')}`);
      this.keyboardShown = true;
    }
    this.screen.print(lines.join('\n'));
  }

  private add(a: Action): number {
    this.actions.push(a);
    return this.actions.length;
  }

  private renderMessage(m: DemoMessage, edited: boolean): string[] {
    const body = m.text;
    if (edited && m.lastEdit === 'markup') {
      // Only the buttons changed: say so in a line instead of reprinting the whole text.
      const snippet = snippetOf(body ?? m.document?.name ?? '');
      if (!m.buttons.length) return [`  ${this.t('demo-buttons-removed', { snippet })}`];
      return [`── ${this.t('demo-buttons-changed', { snippet })} ──`, ...this.renderButtons(m)];
    }
    const out = [`── ${this.t(edited ? 'demo-bot-edited' : 'demo-bot')} ──`];
    if (m.document) {
      const saved = this.saveFile(m, m.document.name, m.document.data);
      out.push(`  ${this.t('demo-document', { name: m.document.name, size: m.document.size, path: saved || 'none' })}`);
    }
    if (m.photo) {
      const saved = this.saveFile(m, 'photo.png', m.photo.data);
      out.push(`  ${this.t('demo-photo', { size: m.photo.size, path: saved || 'none' })}`);
    }
    if (body) out.push(...wrap(body, this.screen.width - 2).map((l) => `  ${l}`.trimEnd()));
    out.push(...this.renderButtons(m));
    return out;
  }

  /** Writes a file the bot sent under the demo's files folder, so a person can open it; '' when there is nothing to write. */
  private saveFile(m: DemoMessage, name: string, data: Buffer | undefined): string {
    if (!data || !this.filesDir) return '';
    mkdirSync(this.filesDir, { recursive: true });
    const file = path.join(this.filesDir, `${m.chatId}-${m.id}-${path.basename(name)}`);
    writeFileSync(file, data);
    return file;
  }

  private renderButtons(m: DemoMessage): string[] {
    const out: string[] = [];
    for (const row of m.buttons) {
      out.push(
        `  ${row
          .map((b) => {
            const n = this.add({ kind: 'inline', messageId: m.id, ...b });
            return `[${n}] ${b.text}${b.url || b.webApp !== undefined ? ' ↗' : ''}`;
          })
          .join('   ')}`,
      );
    }
    return out;
  }
}

/** The start of a text, for a one-line mention of its message. */
function snippetOf(text: string): string {
  const first = text.split('\n').find((l) => l.trim()) ?? '';
  return first.length > 40 ? `${first.slice(0, 39).trimEnd()}…` : first;
}

/** Word-wraps each line of `text` to `width` columns; a word longer than that stays whole. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length <= width) {
      out.push(line);
      continue;
    }
    let current = '';
    for (const word of line.split(/ +/)) {
      if (current && current.length + 1 + word.length > width) {
        out.push(current);
        current = word;
      } else current = current ? `${current} ${word}` : word;
    }
    out.push(current);
  }
  return out;
}
