import { callbackCodec, either, id, oneOf } from '../../callback-codec.js';

/** «✏️ Написать учителю» (`new`), or the child the message is about (studentId). */
export const writeAbout = callbackCodec('mw', { child: either(oneOf('new'), id) });
/** The teacher picked for a new message. */
export const writeTo = callbackCodec('mt', { staffId: id });
/** Opens one of the account's threads. */
export const openThread = callbackCodec('mo', { threadId: id });
/** «💬 Ответить» in a thread or under a delivered message. */
export const replyIn = callbackCodec('mr', { threadId: id });
/** Office hours: the menu, a preset (a, b, c) or none (`off`). */
export const officeHoursButton = callbackCodec('mh', { choice: oneOf('menu', 'off', 'a', 'b', 'c') });
/** The director's list of the school's threads. */
export const auditList = callbackCodec('md', { view: oneOf('list') });
/** The director opens a thread (audited). */
export const auditThread = callbackCodec('mx', { threadId: id });
