import type { ApiCall } from './bot-harness.js';

/** Reading what the bot put on the screen, for tests that walk through inline buttons. */

/** The last message the bot sent or edited among these calls. */
export const last = (calls: ApiCall[]) =>
  calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText').at(-1)!;

/** The inline buttons under a sent or edited message, with their callback data. */
export const buttonsOf = (call: ApiCall): { text: string; data: string }[] =>
  (call.payload.reply_markup?.inline_keyboard ?? []).flat().map((b: any) => ({ text: b.text, data: b.callback_data }));

/** The callback data of the button labelled `text`, as a user's tap would send it. */
export const data = (call: ApiCall, text: string) => {
  const b = buttonsOf(call).find((x) => x.text === text);
  if (!b) throw new Error(`no button «${text}» in ${JSON.stringify(buttonsOf(call).map((x) => x.text))}`);
  return b.data;
};

/** The text of the callback answer (the pop-up) among these calls. */
export const alert = (calls: ApiCall[]) => calls.find((c) => c.method === 'answerCallbackQuery')?.payload.text;
