import { describe, expect, it } from 'vitest';
import { callbackCodec, day, either, id, int, oneOf } from '../bot/callback-codec.js';

describe('callback codecs', () => {
  const lesson = callbackCodec('qa', { lessonId: id });
  const mark = callbackCodec('qb', { draft: int(1, 99_999), place: int(0, 999), mark: int(1, 8) });
  const dayOrToday = callbackCodec('qc', { day: either(day, oneOf('today')) });

  it('packs fields and reads them back; a single id is byte-identical to the old verb:id', () => {
    expect(lesson.pack({ lessonId: 17 })).toBe('qa:17');
    expect(lesson.unpack('qa:17')).toEqual({ lessonId: 17 });
    expect(mark.pack({ draft: 12, place: 3, mark: 5 })).toBe('qb:12.3.5');
    expect(mark.unpack('qb:12.3.5')).toEqual({ draft: 12, place: 3, mark: 5 });
    expect(dayOrToday.pack({ day: '2026-11-27' })).toBe('qc:20261127');
    expect(dayOrToday.unpack('qc:20261127')).toEqual({ day: '2026-11-27' });
    expect(dayOrToday.unpack('qc:today')).toEqual({ day: 'today' });
  });

  it('rejects forged, stale and malformed data', () => {
    for (const data of [
      undefined,
      '',
      'qa:',
      'qa:0',
      'qa:-1',
      'qa:01',
      'qa:1.2',
      'qa:99999999999999999',
      'qa:1e3',
      'qx:1',
      'qa:17 ',
    ])
      expect(lesson.unpack(data)).toBeNull();
    for (const data of ['qb:12.3', 'qb:12.3.9', 'qb:0.3.5', 'qb:12.3.5.1', 'qb:12..5'])
      expect(mark.unpack(data)).toBeNull();
    for (const data of ['qc:20261399', 'qc:2026112', 'qc:tomorrow', 'qc:5А'])
      expect(dayOrToday.unpack(data)).toBeNull();
  });

  it('refuses at declaration a prefix used twice and data that could pass 64 bytes', () => {
    expect(() => callbackCodec('qa', { lessonId: id })).toThrow(/declared twice/);
    expect(() => callbackCodec('qd', { a: id, b: id, c: id, d: id })).toThrow(/over Telegram's 64/);
    expect(() => mark.pack({ draft: 12, place: 3, mark: 9 })).toThrow(/does not read back/);
  });
});
