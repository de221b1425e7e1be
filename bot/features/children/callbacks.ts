import { id } from '../../callback-codec.js';

/**
 * The child switch `ch:<studentId>`. The prefix is the diary's (it declares the
 * codec and answers the switch under its views first); this list makes the same
 * data and reads it back when pressed under /children.
 */
const CHILD_SWITCH = 'ch:';
export const childSwitch = (studentId: number): string => `${CHILD_SWITCH}${studentId}`;
export const childSwitchOf = (data: string | undefined): number | null =>
  data?.startsWith(CHILD_SWITCH) ? (id.decode(data.slice(CHILD_SWITCH.length)) ?? null) : null;
export const CHILD_SWITCH_FILTER = /^ch:/;
