import { callbackCodec, oneOf } from '../../callback-codec.js';

/** «Согласен» / «Не согласен» under the 152-ФЗ consent question. */
export const consentAnswer = callbackCodec('cf', { answer: oneOf('y', 'n') });
