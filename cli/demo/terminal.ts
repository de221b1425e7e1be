import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type {
  CallbackAnswer,
  ChatMessage,
  FakeBotApi,
  FakeBotApiEvents,
  ReplyKeyboard,
} from '../../test/support/fake-bot-api/index.js';
import type { Persona } from './school.js';
import { Screen } from './screen.js';
import type { Texts } from './texts.js';

// The readline side is in screen.ts; cli/demo.ts and the tests take both from here.
export { Screen };

type Action =
  | { kind: 'inline'; messageId: number; label: string; data?: string; url?: string; webApp?: string }
  | { kind: 'reply'; label: string };

type ChatEvent =
  | { kind: 'message' | 'edit'; message: ChatMessage }
  | { kind: 'delete' }
  | { kind: 'answer'; answer: CallbackAnswer }
  | { kind: 'keyboard'; keyboard: ReplyKeyboard | null };

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
  private events: ChatEvent[] = [];
  private flushTimer?: NodeJS.Timeout;
  private lastEventAt = 0;
  private eventsSinceAction = 0;
  private readonly off: (() => void)[] = [];

  constructor(
    private readonly fake: FakeBotApi,
    private readonly screen: Screen,
    private readonly t: Texts,
    readonly persona: Persona,
    /** Where files the bot sends are written (the demo's data folder); none: not written. */
    private readonly filesDir?: string,
    /** The browser link that opens a `web_app` button's Mini App address as this person (cli/demo/launcher.ts). */
    private readonly openWebApp?: (appUrl: string) => string,
  ) {
    const chatId = persona.userId;
    this.keyboard = fake.keyboardFor(chatId);
    this.listen('message', (m) => m.chatId === chatId && this.queue({ kind: 'message', message: m }));
    this.listen('edit', (m) => m.chatId === chatId && this.queue({ kind: 'edit', message: m }));
    this.listen('delete', (d) => d.chatId === chatId && this.queue({ kind: 'delete' }));
    this.listen('callbackAnswer', (a) => a.chatId === chatId && this.queue({ kind: 'answer', answer: a }));
    this.listen('keyboard', (k) => k.chatId === chatId && this.queue({ kind: 'keyboard', keyboard: k.keyboard }));
  }

  private listen<K extends 'message' | 'edit' | 'delete' | 'callbackAnswer' | 'keyboard'>(
    event: K,
    fn: (v: FakeBotApiEvents[K][0]) => unknown,
  ): void {
    this.fake.on(event, fn as never);
    this.off.push(() => this.fake.off(event, fn as never));
  }

  detach(): void {
    this.flush();
    for (const off of this.off.splice(0)) off();
  }

  private queue(e: ChatEvent): void {
    this.events.push(e);
    this.lastEventAt = Date.now();
    this.eventsSinceAction++;
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Sends `/start <code>`, as a deep link from the invitation would, or plain /start for a linked account. */
  async open(linked: boolean): Promise<void> {
    const p = this.persona;
    this.fake.addUser({ id: p.userId, first_name: p.firstName, last_name: p.lastName, language_code: 'ru' });
    this.screen.print(this.t(linked ? 'demo-chat-linked' : 'demo-chat-code', { code: p.code }));
    this.screen.print(this.t('demo-chat-hint'));
    await this.send(linked ? '/start' : `/start ${p.code}`, true);
  }

  /** What a line typed by the user does: a number presses a button, anything else is a message. */
  async input(line: string): Promise<void> {
    const n = /^\s*(\d{1,3})\s*$/.exec(line);
    const action = n ? this.actions[Number(n[1]) - 1] : undefined;
    if (!action) return this.send(line, !this.screen.echoes);
    if (action.kind === 'reply') {
      this.fake.hideOneTimeKeyboard(this.persona.userId);
      return this.send(action.label, true);
    }
    if (action.url) return this.screen.print(this.t('demo-url-button', { url: action.url }));
    if (action.webApp && this.openWebApp)
      return this.screen.print(this.t('demo-webapp-button', { url: this.openWebApp(action.webApp) }));
    if (action.data === undefined) return this.screen.print(this.t('demo-button-unsupported'));
    const current = this.fake.messagesFor(this.persona.userId).find((m) => m.messageId === action.messageId);
    if (!current?.inlineKeyboard?.flat().some((b) => b.callback_data === action.data))
      return this.screen.print(this.t('demo-button-gone'));
    this.screen.print(`${this.t('demo-you')}: [${action.label}]`);
    this.newTurn();
    this.fake.injectCallback(this.persona.userId, action.messageId, action.data);
    await this.settle();
  }

  private async send(text: string, echo: boolean): Promise<void> {
    if (echo) this.screen.print(`${this.t('demo-you')}: ${text}`);
    this.newTurn();
    this.fake.injectMessage(this.persona.userId, text);
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
        if (e.answer.text)
          lines.push(`  ${this.t(e.answer.showAlert ? 'demo-alert' : 'demo-toast', { text: e.answer.text })}`);
        if (e.answer.url) lines.push(`  ${this.t('demo-url-button', { url: e.answer.url })}`);
      } else if (e.kind === 'keyboard') {
        this.keyboard = e.keyboard;
        keyboardChanged = true;
      }
    }
    const printedMessage = events.some((e) => e.kind === 'message' || e.kind === 'edit');
    if (this.keyboard && (keyboardChanged || (printedMessage && !this.keyboardShown))) {
      lines.push('', this.t('demo-keyboard'));
      for (const row of this.keyboard.buttons)
        lines.push(`  ${row.map((label) => `[${this.add({ kind: 'reply', label })}] ${label}`).join('   ')}`);
      this.keyboardShown = true;
    }
    this.screen.print(lines.join('\n'));
  }

  private add(a: Action): number {
    this.actions.push(a);
    return this.actions.length;
  }

  private renderMessage(m: ChatMessage, edited: boolean): string[] {
    const body = m.text ?? m.caption;
    if (edited && m.lastEdit === 'markup') {
      // Only the buttons changed: say so in a line instead of reprinting the whole text.
      const snippet = snippetOf(body ?? m.document?.file_name ?? '');
      if (!m.inlineKeyboard?.length) return [`  ${this.t('demo-buttons-removed', { snippet })}`];
      return [`── ${this.t('demo-buttons-changed', { snippet })} ──`, ...this.renderButtons(m)];
    }
    const out = [`── ${this.t(edited ? 'demo-bot-edited' : 'demo-bot')} ──`];
    if (m.document) {
      const saved = this.saveFile(m, m.document.file_name, m.document.data);
      out.push(
        `  ${this.t('demo-document', { name: m.document.file_name, size: m.document.file_size, path: saved || 'none' })}`,
      );
    }
    if (m.photo) {
      const saved = this.saveFile(m, 'photo.png', m.photo.data);
      out.push(`  ${this.t('demo-photo', { size: m.photo.file_size, path: saved || 'none' })}`);
    }
    if (body) out.push(...wrap(body, this.screen.width - 2).map((l) => `  ${l}`.trimEnd()));
    out.push(...this.renderButtons(m));
    return out;
  }

  /** Writes a file the bot sent under the demo's files folder, so a person can open it; '' when there is nothing to write. */
  private saveFile(m: ChatMessage, name: string, data: Buffer | undefined): string {
    if (!data || !this.filesDir) return '';
    mkdirSync(this.filesDir, { recursive: true });
    const file = path.join(this.filesDir, `${m.chatId}-${m.messageId}-${path.basename(name)}`);
    writeFileSync(file, data);
    return file;
  }

  private renderButtons(m: ChatMessage): string[] {
    const out: string[] = [];
    for (const row of m.inlineKeyboard ?? []) {
      out.push(
        `  ${row
          .map((b) => {
            const n = this.add({
              kind: 'inline',
              messageId: m.messageId,
              label: b.text,
              data: b.callback_data,
              url: b.url,
              webApp: (b.web_app as { url?: string } | undefined)?.url,
            });
            return `[${n}] ${b.text}${b.url || b.web_app ? ' ↗' : ''}`;
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
