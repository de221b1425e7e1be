/**
 * The grid's keyboard, pure: a key press → what it does. Letters are read by
 * the key's place too (e.code), so «н» works on a Latin layout without
 * switching (н, б, у, о sit on Y , E J).
 */
export type KeyAction =
  | { kind: 'move'; dRow: number; dCol: number }
  | { kind: 'mark'; value: '1' | '2' | '3' | '4' | '5' }
  | { kind: 'attendance'; status: 'absent' | 'late'; reason: 'unknown' | 'illness' | 'excused' }
  | { kind: 'clear' }
  | { kind: 'comment' }
  | { kind: 'undo' }
  | { kind: 'cancel' };

const MOVES: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/** н, б, у, о: absent (no reason said), absent ill, absent for a valid reason, late. */
export const ATTENDANCE_KEYS: {
  key: string;
  code: string;
  status: 'absent' | 'late';
  reason: 'unknown' | 'illness' | 'excused';
}[] = [
  { key: 'н', code: 'KeyY', status: 'absent', reason: 'unknown' },
  { key: 'б', code: 'Comma', status: 'absent', reason: 'illness' },
  { key: 'у', code: 'KeyE', status: 'absent', reason: 'excused' },
  { key: 'о', code: 'KeyJ', status: 'late', reason: 'unknown' },
];

export function keyAction(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey'>): KeyAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && (e.code === 'KeyZ' || e.key.toLowerCase() === 'z' || e.key.toLowerCase() === 'я')) return { kind: 'undo' };
  if (mod || e.altKey) return null;
  const move = MOVES[e.key];
  if (move) return { kind: 'move', dRow: move[0], dCol: move[1] };
  if (/^[1-5]$/.test(e.key)) return { kind: 'mark', value: e.key as '1' };
  const key = e.key.toLowerCase();
  const att = ATTENDANCE_KEYS.find((a) => a.key === key || a.code === e.code);
  if (att) return { kind: 'attendance', status: att.status, reason: att.reason };
  if (e.key === 'Backspace' || e.key === 'Delete') return { kind: 'clear' };
  if (e.key === 'Enter') return { kind: 'comment' };
  if (e.key === 'Escape') return { kind: 'cancel' };
  return null;
}
