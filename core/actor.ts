/**
 * Who makes a write. Every journal row records it (`updatedBy`), and the audit
 * log keys on it. Strings, so the database stays readable.
 */
export type Actor =
  | { kind: 'staff'; staffId: number }
  | { kind: 'cli'; command: string }
  | { kind: 'feed'; schoolId: number }
  | { kind: 'account'; accountHash: string }
  | { kind: 'system'; job: string };

export function actorKey(a: Actor): string {
  switch (a.kind) {
    case 'staff':
      return `staff:${a.staffId}`;
    case 'cli':
      return `cli:${a.command}`;
    case 'feed':
      return `feed:${a.schoolId}`;
    case 'account':
      return `account:${a.accountHash}`;
    case 'system':
      return `system:${a.job}`;
  }
}
