import type { FakeMaxApi, FakeMaxUser, MaxCall, SentMessage } from '../../test/support/fake-max-api/index.js';
import { htmlToPlain } from '../../test/support/fake-bot-api/telegram-html.js';
import type { DemoButton, DemoChatApi, DemoChatEvent, DemoMessage } from './chat-api.js';

/**
 * The fake MAX API as the terminal chat sees it. MAX tells the bot's actions apart by route: a new
 * message is POST /messages, an edit PUT /messages, a removal DELETE /messages, a button's answer
 * POST /answers (a notification, and or an edit of the message). MAX has no reply keyboard: the main
 * menu comes as `message` buttons under a message, which send their text when pressed.
 */
interface MaxButton {
  type: string;
  text: string;
  payload?: string;
  url?: string;
}
interface Attachment {
  type: string;
  payload?: { token?: string; photos?: Record<string, { token?: string }>; buttons?: MaxButton[][] };
}

const DIALOG = (userId: number) => `user:${userId}`;
const attachments = (m: SentMessage) => m.attachments as Attachment[];
const buttonsOf = (m: SentMessage) => attachments(m).find((a) => a.type === 'inline_keyboard')?.payload?.buttons ?? [];

function plainText(m: SentMessage): string | undefined {
  if (!m.text) return undefined;
  if (m.format !== 'html') return m.text;
  try {
    return htmlToPlain(m.text);
  } catch {
    return m.text.replace(/<[^>]+>/g, '');
  }
}

function buttonOf(b: MaxButton): DemoButton {
  if (b.type === 'callback') return { text: b.text, data: b.payload };
  if (b.type === 'link') return { text: b.text, url: b.url };
  if (b.type === 'message') return { text: b.text, sendsText: true };
  if (b.type === 'open_app') return { text: b.text, webApp: b.payload ?? '' };
  return { text: b.text };
}

export class MaxChat implements DemoChatApi {
  readonly messenger = 'max';
  private readonly users = new Map<number, FakeMaxUser>();
  /** The text each message had when last shown, to tell an edit of the buttons only. */
  private readonly shownText = new Map<string, string | undefined>();

  constructor(private readonly fake: FakeMaxApi) {}

  watch(userId: number, fn: (e: DemoChatEvent) => void): () => void {
    const mine = (m: SentMessage | undefined): m is SentMessage => m?.chat === DIALOG(userId);
    const messages = this.fake.state.messages;
    const onSent = (m: SentMessage) => mine(m) && fn({ kind: 'message', message: this.view(m) });
    const onCall = (c: MaxCall) => {
      if (c.status !== 200) return;
      const route = `${c.method} ${c.path}`;
      if (route === 'PUT /messages') {
        const m = messages.get(c.query.message_id);
        if (mine(m)) fn(this.edited(m));
      } else if (route === 'DELETE /messages') {
        if (mine(messages.get(c.query.message_id))) fn({ kind: 'delete' });
      } else if (route === 'POST /answers') {
        const m = messages.get(this.fake.state.callbacks.get(c.query.callback_id) ?? '');
        if (!mine(m)) return;
        const body = (c.body ?? {}) as { message?: unknown; notification?: string | null };
        if (body.message != null) fn(this.edited(m));
        if (body.notification) fn({ kind: 'answer', text: body.notification });
      }
    };
    this.fake.on('sent', onSent);
    this.fake.on('call', onCall);
    return () => {
      this.fake.off('sent', onSent);
      this.fake.off('call', onCall);
    };
  }

  addUser(u: { id: number; firstName: string; lastName?: string }): void {
    this.users.set(u.id, this.fake.addUser({ user_id: u.id, first_name: u.firstName, last_name: u.lastName }));
  }

  start(userId: number, code?: string): { link: string } {
    // The invitation's deep link carries the code without its dashes (core/desk/cards.ts).
    const payload = code?.replace(/-/g, '');
    this.fake.userStarts(this.user(userId), payload);
    return { link: `https://max.ru/${this.fake.bot.username ?? ''}${payload ? `?start=${payload}` : ''}` };
  }

  write(userId: number, text: string): void {
    this.fake.userWrites(this.user(userId), text);
  }

  press(userId: number, messageId: string, data: string): boolean {
    const m = this.fake.state.messages.get(messageId);
    if (!m || m.deleted || m.chat !== DIALOG(userId)) return false;
    if (
      !buttonsOf(m)
        .flat()
        .some((b) => b.type === 'callback' && b.payload === data)
    )
      return false;
    this.fake.userPresses(this.user(userId), messageId, data);
    return true;
  }

  keyboardFor(): null {
    return null;
  }

  hideOneTimeKeyboard(): void {}

  private user(id: number): FakeMaxUser {
    return this.users.get(id) ?? { user_id: id, first_name: `User ${id}`, is_bot: false };
  }

  private upload(a: Attachment | undefined) {
    const photo = a?.payload?.photos && Object.values(a.payload.photos)[0];
    const token = a?.payload?.token ?? photo?.token;
    return token ? this.fake.state.uploads.get(token) : undefined;
  }

  private view(m: SentMessage, lastEdit?: DemoMessage['lastEdit']): DemoMessage {
    const file = attachments(m).find((a) => a.type === 'file');
    const image = attachments(m).find((a) => a.type === 'image');
    const f = this.upload(file);
    const i = this.upload(image);
    const text = plainText(m);
    this.shownText.set(m.mid, text);
    return {
      id: m.mid,
      chatId: Number(m.chat.split(':')[1]),
      text,
      document: file && { name: f?.filename ?? 'file', size: f?.size ?? 0, data: f?.data },
      photo: image && { size: i?.size ?? 0, data: i?.data },
      buttons: buttonsOf(m).map((row) => row.map(buttonOf)),
      lastEdit,
    };
  }

  private edited(m: SentMessage): DemoChatEvent {
    const before = this.shownText.get(m.mid);
    return { kind: 'edit', message: this.view(m, before === plainText(m) ? 'markup' : 'text') };
  }
}
