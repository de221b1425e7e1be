/**
 * The child switch `ch:<studentId>` is the diary's codec (it answers the switch
 * under its views first); /children's list makes the same button and reads it
 * back when pressed under the list.
 */
export { childSwitch } from '../diary/callbacks.js';
