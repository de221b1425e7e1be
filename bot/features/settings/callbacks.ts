import { callbackCodec, oneOf } from '../../callback-codec.js';

/** A button of the settings screen (and «➕ Добавить ребёнка по коду» under /children). */
export const settingsItem = callbackCodec('st', {
  item: oneOf('privacy', 'mydata', 'logout', 'compromised', 'addchild'),
});

/** «Да» to /logout and to /compromised. */
export const logoutYes = callbackCodec('lo', { answer: oneOf('y') });
export const compromiseYes = callbackCodec('cp', { answer: oneOf('y') });

/** «Нет» to any confirmation (logout, compromise, a class's link revoked): nothing changes. */
export const confirmNo = callbackCodec('nx', { answer: oneOf('n') });
