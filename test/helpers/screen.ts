import type { ApiCall } from './bot-harness.js';

/** Reading what the bot put on the screen: the one set of readers for every bot test. */

const shown = (calls: ApiCall[]) => calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText');

/** Texts the bot sent or edited in the given calls. */
export const texts = (calls: ApiCall[]): string[] => shown(calls).map((c) => c.payload.text);

/** The texts of the calls, joined (a view split into several messages reads as one). */
export const textOf = (calls: ApiCall[]) => texts(calls).join('\n');

/** Button labels (inline and reply keyboards) of the given calls. */
export const buttons = (calls: ApiCall[]): string[] =>
  calls.flatMap((c) => {
    const m = c.payload.reply_markup;
    if (!m) return [];
    const rows = m.inline_keyboard ?? m.keyboard ?? [];
    return rows.flat().map((b: any) => (typeof b === 'string' ? b : b.text));
  });

/** The last message the bot sent or edited among these calls. */
export const last = (calls: ApiCall[]) => shown(calls).at(-1)!;

/** The inline buttons under a sent or edited message, with their callback data. */
export const buttonsOf = (call: ApiCall): { text: string; data: string }[] =>
  (call.payload.reply_markup?.inline_keyboard ?? []).flat().map((b: any) => ({ text: b.text, data: b.callback_data }));

/** The inline buttons under a message that open the Mini App, with their address. */
export const webAppButtonsOf = (call: ApiCall): { text: string; url: string }[] =>
  (call.payload.reply_markup?.inline_keyboard ?? [])
    .flat()
    .filter((b: any) => b.web_app)
    .map((b: any) => ({ text: b.text, url: b.web_app.url }));

/** The callback data of the button labelled `text`, as a user's tap would send it. */
export const data = (call: ApiCall, text: string) => {
  const b = buttonsOf(call).find((x) => x.text === text);
  if (!b) throw new Error(`no button «${text}» in ${JSON.stringify(buttonsOf(call).map((x) => x.text))}`);
  return b.data;
};

/** The text of the callback answer (the pop-up) among these calls. */
export const alert = (calls: ApiCall[]) => calls.find((c) => c.method === 'answerCallbackQuery')?.payload.text;

/** A parent's main menu, as both messengers show it (a reply keyboard in Telegram, message buttons in MAX). */
export const PARENT_MENU = [
  '📒 Отметки',
  '📚 Домашнее задание',
  '🗓 Расписание',
  '🚫 Пропуски',
  '📝 Сообщить об отсутствии',
  '✉️ Сообщения',
  '👨‍👩‍👧 Мои дети',
  '⚙️ Настройки',
];
