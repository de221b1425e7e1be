import { callbackCodec, id } from '../../callback-codec.js';

/** A class picked from the list (an administrator's /class). */
export const classOpen = callbackCodec('cl', { classId: id });
/** «✖ <student>: <who>» under a class's links: asks before ending that link. */
export const revokeAsk = callbackCodec('rv', { linkId: id });
/** «Да, отменить»: the link ends. */
export const revokeYes = callbackCodec('ry', { linkId: id });
