import type { Composer, Filter } from 'grammy';
import { isIsoDate } from '../core/calendar.js';
import type { BotContext } from './context.js';
import { unavailable } from './ui.js';

/**
 * Typed callback data: one codec per kind of button, declared in the
 * feature's `callbacks.ts`. A codec packs its fields into `prefix:f1.f2…`,
 * checks at declaration that the longest value fits Telegram's 64 bytes, and
 * parses strictly: anything forged, stale or malformed is null and gets the
 * one polite answer (`onButton` below). A parsed id is only a claim: handlers
 * still ask the policy whether this account may use it.
 */

/** One field of a button's data. */
export interface Field<T> {
  /** The longest the field can be on the wire, in bytes. */
  readonly maxBytes: number;
  encode(value: T): string;
  /** The value, or undefined when the text is not one. */
  decode(text: string): T | undefined;
}

const DIGITS = /^(0|[1-9]\d*)$/;

/** A database id: a positive safe integer. */
export const id: Field<number> = {
  maxBytes: 16,
  encode: (v) => String(v),
  decode: (t) => {
    if (!DIGITS.test(t)) return undefined;
    const n = Number(t);
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  },
};

/** A whole number within [min, max] (a place in a list, a mark's code, a page). */
export function int(min: number, max: number): Field<number> {
  return {
    maxBytes: Math.max(String(min).length, String(max).length),
    encode: (v) => String(v),
    decode: (t) => {
      if (!/^-?(0|[1-9]\d*)$/.test(t)) return undefined;
      const n = Number(t);
      return n >= min && n <= max ? n : undefined;
    },
  };
}

/** One of a few words (a mode, a view, a yes/no). */
export function oneOf<const V extends readonly string[]>(...values: V): Field<V[number]> {
  for (const v of values) if (!/^[a-z0-9]+$/i.test(v)) throw new Error(`callback word "${v}": letters and digits only`);
  return {
    maxBytes: Math.max(...values.map((v) => v.length)),
    encode: (v) => v,
    decode: (t) => ((values as readonly string[]).includes(t) ? t : undefined),
  };
}

/** A calendar day, 'YYYY-MM-DD' in code and YYYYMMDD on the wire. */
export const day: Field<string> = {
  maxBytes: 8,
  encode: (v) => v.replaceAll('-', ''),
  decode: (t) => {
    if (!/^\d{8}$/.test(t)) return undefined;
    const iso = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}`;
    return isIsoDate(iso) ? iso : undefined;
  },
};

/** The first of two fields that reads the text (a day or 'today', a threshold or 'off'). */
export function either<A, B>(a: Field<A>, b: Field<B>): Field<A | B> {
  return {
    maxBytes: Math.max(a.maxBytes, b.maxBytes),
    encode: (v) => {
      // Encode with the field that reads its own output back as the same value.
      for (const f of [a, b] as Field<A | B>[]) {
        try {
          const text = f.encode(v);
          if (f.decode(text) === v) return text;
        } catch {
          // not this field's kind of value
        }
      }
      throw new Error(`callback value ${String(v)} fits neither field`);
    },
    decode: (t) => a.decode(t) ?? b.decode(t),
  };
}

type Fields = Record<string, Field<unknown>>;
export type ValuesOf<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };

export interface CallbackCodec<V> {
  readonly prefix: string;
  /** The data of a button; throws if a value does not read back (a bug, caught by tests). */
  pack(values: V): string;
  /** The values, or null for anything that is not exactly this codec's data. */
  unpack(data: string | undefined): V | null;
  /** Matches this codec's prefix, for `composer.callbackQuery`. */
  readonly filter: RegExp;
}

/** Telegram's limit on callback data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
const prefixes = new Set<string>();
const SEPARATOR = '.';

/** Declares the data of one kind of button. Prefixes are unique across the bot: a second declaration throws. */
export function callbackCodec<const F extends Fields>(prefix: string, fields: F): CallbackCodec<ValuesOf<F>> {
  if (!/^[a-z][a-z0-9]{0,7}$/.test(prefix)) throw new Error(`callback prefix "${prefix}": 1–8 lowercase letters`);
  if (prefixes.has(prefix)) throw new Error(`callback prefix "${prefix}" is declared twice`);
  prefixes.add(prefix);
  const names = Object.keys(fields) as (keyof F & string)[];
  const longest = prefix.length + 1 + names.reduce((n, k) => n + fields[k].maxBytes, 0) + Math.max(0, names.length - 1);
  if (longest > CALLBACK_DATA_MAX_BYTES)
    throw new Error(`callback "${prefix}" can be ${longest} bytes, over Telegram's ${CALLBACK_DATA_MAX_BYTES}`);
  const head = `${prefix}:`;
  return {
    prefix,
    filter: new RegExp(`^${prefix}:`),
    pack(values) {
      const parts = names.map((k) => fields[k].encode(values[k]));
      const data = head + parts.join(SEPARATOR);
      if (this.unpack(data) === null) throw new Error(`callback "${prefix}" does not read back ${data}`);
      return data;
    },
    unpack(data) {
      if (!data?.startsWith(head) || data.length > CALLBACK_DATA_MAX_BYTES) return null;
      const parts = names.length ? data.slice(head.length).split(SEPARATOR) : [];
      if (parts.length !== names.length || (!names.length && data !== head)) return null;
      const values: Record<string, unknown> = {};
      for (const [i, k] of names.entries()) {
        const v = fields[k].decode(parts[i]);
        if (v === undefined) return null;
        values[k] = v;
      }
      return values as ValuesOf<F>;
    },
  };
}

/** Every prefix declared so far (the callback-data test checks there are no strays). */
export const declaredPrefixes = (): readonly string[] => [...prefixes];

/**
 * Routes presses of `codec`'s buttons to `handler` with the parsed values;
 * a forged, stale or malformed payload gets the one "недоступно" pop-up.
 */
export function onButton<C extends BotContext, V>(
  composer: Composer<C>,
  codec: CallbackCodec<V>,
  handler: (ctx: Filter<C, 'callback_query:data'>, values: V) => Promise<unknown>,
): void {
  composer.callbackQuery(codec.filter, async (ctx) => {
    const values = codec.unpack(ctx.callbackQuery.data);
    await (values === null ? unavailable(ctx) : handler(ctx, values));
  });
}
