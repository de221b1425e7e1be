import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLIENT_MESSAGES, EVENT_DATA, EVENT_NAMES, SERVER_MESSAGES } from '../core/feed/protocol.js';

/** docs/journal-feed.md against core/feed/protocol.ts: every message and event documented, every example valid, every field named. */
const doc = readFileSync(new URL('../docs/journal-feed.md', import.meta.url), 'utf8');

const sections = new Map<string, string>();
for (const part of doc.split(/^### /m).slice(1)) {
  const m = /^`([^`]+)`\n([\s\S]*)$/.exec(part);
  if (m) sections.set(m[1], m[2].split(/^## /m)[0]);
}
const examples = (name: string) =>
  [...(sections.get(name) ?? '').matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
const tableFields = (name: string) => [...(sections.get(name) ?? '').matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);

/** The top-level fields of a message schema (objects, and the intersections of event and snapshot.item). */
function fieldsOf(schema: z.ZodTypeAny): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodIntersection)
    return [...fieldsOf(schema._def.left as z.ZodTypeAny), ...fieldsOf(schema._def.right as z.ZodTypeAny)];
  if (schema instanceof z.ZodDiscriminatedUnion)
    return [...new Set((schema.options as z.ZodObject<z.ZodRawShape>[]).flatMap((o) => Object.keys(o.shape)))];
  return [];
}

describe('docs/journal-feed.md matches the protocol in code', () => {
  const messages: [string, z.ZodTypeAny][] = [
    ...Object.entries(CLIENT_MESSAGES),
    ...Object.entries(SERVER_MESSAGES).filter(([k]) => !(k in CLIENT_MESSAGES)),
  ];

  it.each(messages)('message %s: a section, a valid example, every field in its table', (name, schema) => {
    expect(sections.has(name), `section ### \`${name}\``).toBe(true);
    const ex = examples(name);
    expect(ex.length).toBeGreaterThan(0);
    for (const e of ex) {
      const parsed = schema.safeParse(e);
      expect(parsed.success, `${name} example: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(
        true,
      );
    }
    expect(tableFields(name).sort()).toEqual([...new Set(fieldsOf(schema))].sort());
  });

  it.each(EVENT_NAMES.map((n) => [n]))(
    'event %s: a section, a valid event example of that name, every data field in its table',
    (name) => {
      expect(sections.has(name), `section ### \`${name}\``).toBe(true);
      const ex = examples(name);
      expect(ex.length).toBeGreaterThan(0);
      for (const e of ex) {
        const parsed = SERVER_MESSAGES.event.safeParse(e);
        expect(parsed.success, `${name} example: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`).toBe(
          true,
        );
        expect(e.event).toBe(name);
      }
      expect(tableFields(name).sort()).toEqual(Object.keys(EVENT_DATA[name].shape).sort());
    },
  );

  it('documents nothing the protocol does not have', () => {
    const known = new Set([...Object.keys(CLIENT_MESSAGES), ...Object.keys(SERVER_MESSAGES), ...EVENT_NAMES]);
    expect([...sections.keys()].filter((s) => !known.has(s))).toEqual([]);
  });
});
