import { callbackCodec, id, oneOf } from '../../callback-codec.js';

/** The class teacher's panel of a class's group (private chat). */
export const groupPanel = callbackCodec('gp', { classId: id });
/** «Получить код»: a fresh one-time code for the class. */
export const groupCode = callbackCodec('gk', { classId: id });
/** A switch of what the group gets. */
export const groupToggle = callbackCodec('gt', { classId: id, option: oneOf('mirror', 'evening', 'request') });
/** «Отвязать чат» and its confirmation. */
export const groupUnlinkAsk = callbackCodec('gu', { classId: id });
export const groupUnlinkYes = callbackCodec('gy', { classId: id });
/** In the group: replace the class's other group with this one, or keep it. */
export const groupReplace = callbackCodec('gr', { codeId: id });
export const groupReplaceNo = callbackCodec('gn', { codeId: id });

export const OPTIONS = {
  mirror: 'mirrorAnnouncements',
  evening: 'eveningPost',
  request: 'onRequest',
} as const;
