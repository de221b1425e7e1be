import { callbackCodec, either, id, int, oneOf } from '../../callback-codec.js';

/** «📅 Консультация с учителем» (`new`), or the child the consultation is about (studentId). */
export const consultAbout = callbackCodec('cm', { child: either(oneOf('new'), id) });
/** The teacher picked. */
export const consultWith = callbackCodec('co', { staffId: id });
/** «Любое время»: the request goes without proposed times. */
export const anyTime = callbackCodec('cs', { any: oneOf('any') });
/** The teacher accepts one of the proposed times (its place in the request). */
export const acceptTime = callbackCodec('cy', { consultationId: id, slot: int(0, 9) });
/** The teacher proposes another time. */
export const proposeOther = callbackCodec('cn', { consultationId: id });
/** The teacher declines (a comment is asked). */
export const declineRequest = callbackCodec('cz', { consultationId: id });
/** The family confirms the time the teacher proposed. */
export const confirmTime = callbackCodec('cq', { consultationId: id });
