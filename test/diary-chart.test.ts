import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartSeries, loadMarksYear } from '../core/diary/marks.js';
import { CHART_WIDTH, chartHeight, chartSvg } from '../core/diary/chart.js';
import { authorizeStudent } from '../core/access/policy.js';
import { loadAccessProfile } from '../core/access/profile.js';
import { setupBotTest } from './helpers/bot-test.js';
import type { TestDb } from './helpers/db.js';
import { type BotHarness } from './helpers/bot-harness.js';
import { HASH_KEY } from './helpers/linking.js';
import { ANNA, diaryBotTest, MILA_MOTHER, type DiarySchool } from './helpers/diary.js';

/** «График»: one PNG of the term, decoded here: the right size, not blank, the series computed week by week. */
let db: TestDb;
let f: DiarySchool;
let h: BotHarness;
let lastMessage: (user: number) => number;

beforeAll(async () => {
  ({ db, f, h } = await setupBotTest(diaryBotTest()));
  lastMessage = h.lastMessage;
});
afterAll(() => db.close());

describe('the chart of the term', () => {
  it('averages week by week per subject, up to today', async () => {
    const p = await loadAccessProfile(db.ds, ANNA, HASH_KEY);
    const s = (await authorizeStudent(db.ds, p, 'view', f.anna.id))!;
    const series = chartSeries(
      await loadMarksYear(db.ds, s),
      { id: f.q2.id, kind: 'quarter', number: 2, name: '2 четверть', startsOn: '2026-11-09', endsOn: '2026-12-28' },
      '2026-11-25',
    );
    expect(series.weeks).toEqual(['2026-11-15', '2026-11-22', '2026-11-25']);
    expect(series.subjects.map((x) => [x.subject.name, x.points, x.average, x.rounded])).toEqual([
      // Up to 15 Nov: 5 (×1), 3 (×2) = 11/3 → 3,67; up to 22 Nov: + 4 (×1), 4 (×1.5) = 21/5.5 → 3,82; today: + 5 (×2) = 31/7.5 → 4,13 (half up).
      ['Математика', [367, 382, 413], 413, 4],
      // 2 (×1) by 15 Nov; + 4 (×2) on 17 Nov = 10/3.
      ['Русский язык', [200, 333, 333], 333, 3],
    ]);
    expect(series.thresholds).toEqual({ 5: 450, 4: 350, 3: 250 });
  });

  it('«График» sends one PNG: decodes, 1080 px wide, as tall as its panels, not blank; the caption names the child', async () => {
    await h.send(ANNA, '/marks');
    const calls = await h.press(ANNA, `dg:${f.q2.id}`, lastMessage(ANNA));
    expect(calls.map((c) => c.method)).toEqual(['answerCallbackQuery', 'sendPhoto']);
    expect(calls[0].payload.text).toBe('Рисую график…');
    expect(calls[1].payload.caption).toBe(
      '📈 Анна Иванова, 5А — 2 четверть: средний балл по неделям, полосы — пороги отметки за период.',
    );
    const bytes = Buffer.from((calls[1].payload.photo as unknown as { fileData: Uint8Array }).fileData);
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const png = PNG.sync.read(bytes);
    expect(png.width).toBe(CHART_WIDTH);
    expect(png.height).toBe(chartHeight(2));
    const colours = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) colours.add(png.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(8);
    // The title's dark ink is there (text rendered, Cyrillic font shipped): some pixels are near-black.
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4)
      if (png.data[i] < 60 && png.data[i + 1] < 60 && png.data[i + 2] < 80) dark++;
    expect(dark).toBeGreaterThan(2000);
  });

  it('the picture carries the child, the period, the thresholds and escaped names', () => {
    const svg = chartSvg(
      {
        period: { id: 1, kind: 'quarter', number: 2, name: '2 четверть', startsOn: '2026-11-09', endsOn: '2026-12-28' },
        weeks: ['2026-11-15'],
        thresholds: { 5: 450, 4: 350, 3: 250 },
        subjects: [
          { subject: { id: 1, name: 'A<B & C', shortName: 'A<B & C' }, points: [400], average: 400, rounded: 4 },
        ],
      },
      {
        title: 'Анна Иванова, 5А',
        subtitle: '2 четверть',
        legend: 'полосы',
        week: (d) => d.slice(5),
        average: (x) => String(x / 100),
        empty: 'пусто',
      },
    );
    expect(svg).toContain('>Анна Иванова, 5А</text>');
    expect(svg).toContain('>A&lt;B &amp; C</text>');
    expect(svg).toContain('>4.5</text>');
  });

  it('grade 1 has no chart', async () => {
    const calls = await h.press(MILA_MOTHER, `dg:${f.q2.id}`);
    expect(calls).toEqual([
      {
        method: 'answerCallbackQuery',
        payload: expect.objectContaining({
          text: 'Это действие недоступно. Откройте меню заново — /start.',
          show_alert: true,
        }),
      },
    ]);
  });
});
