import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { wallClock } from '../calendar.js';
import { returned } from './deliveries.js';

/** What Telegram charges for a message sent with allow_paid_broadcast beyond the free rate, in Stars. */
export const STARS_PER_PAID_MESSAGE = 0.1;

export interface PaidBudgetOptions {
  /** NOTIFY_PAID_DAILY_STARS. */
  dailyStars: number;
  /** The school's day: the budget starts again at its midnight. */
  timezone: string;
  clock: Clock;
  log: Logger;
  /** Messages reserved per round trip (the rest of a reservation is lost when a worker stops: the count errs high). */
  chunk?: number;
}

/**
 * The day's Stars budget for paid broadcasts, shared by every worker through
 * the notification_paid_spend table (persisted: a restart does not spend it
 * twice). A worker reserves messages in chunks; every message sent with the
 * flag is counted at the full 0.1 Star, although Telegram charges only those
 * beyond the free 30 a second — the count is an upper bound, so the budget is
 * never overspent. When it is spent, bulk goes back to the free rate and the
 * worker says so once a day.
 */
export class PaidBudget {
  private day = '';
  private reserved = 0;
  private spent = false;
  /** The reservation under way: concurrent senders wait for it instead of reserving again. */
  private reserving: Promise<void> | null = null;
  private readonly chunk: number;

  constructor(
    private readonly ds: DataSource,
    private readonly o: PaidBudgetOptions,
  ) {
    this.chunk = o.chunk ?? 50;
  }

  /** Messages the day's budget allows. */
  get dailyMessages(): number {
    return Math.floor(this.o.dailyStars / STARS_PER_PAID_MESSAGE + 1e-9);
  }

  /** True when one more message may go paid (it is counted now). */
  async take(): Promise<boolean> {
    const day = wallClock(this.o.timezone, this.o.clock.now()).date;
    if (day !== this.day) {
      this.day = day;
      this.reserved = 0;
      this.spent = false;
    }
    // One reservation at a time; a sender that finds it used up by the others goes free this once.
    if (this.reserved === 0 && !this.spent) {
      this.reserving ??= this.reserve(day)
        .then(
          (n) => {
            if (day !== this.day) return;
            this.reserved += n;
            if (!n) this.noteSpent(day);
          },
          (e: unknown) => this.o.log.warn({ err: String(e) }, 'could not reserve paid broadcasts: this one goes free'),
        )
        .finally(() => (this.reserving = null));
      await this.reserving;
    }
    if (this.reserved > 0) {
      this.reserved--;
      return true;
    }
    return false;
  }

  /** Said once a day per worker: from now on bulk goes at the free rate. */
  private noteSpent(day: string): void {
    if (this.spent) return;
    this.spent = true;
    this.o.log.warn(
      { day, stars: this.o.dailyStars, messages: this.dailyMessages },
      'paid broadcast budget for today is spent: bulk messages go at the free rate until tomorrow',
    );
  }

  /** A reserved message that did not go paid after all (sent later, or failed): this worker uses it again. */
  giveBack(): void {
    this.reserved++;
  }

  private async reserve(day: string): Promise<number> {
    await this.ds.query(
      `INSERT INTO notification_paid_spend (day, messages) VALUES ($1, 0) ON CONFLICT (day) DO NOTHING`,
      [day],
    );
    const rows = returned<{ n: number }>(
      await this.ds.query(
        `UPDATE notification_paid_spend t SET messages = t.messages + g.n, "updatedAt" = now()
         FROM (SELECT LEAST($2::int, $3::int - messages) AS n FROM notification_paid_spend WHERE day = $1 FOR UPDATE) g
        WHERE t.day = $1 AND g.n > 0 RETURNING g.n`,
        [day, this.chunk, this.dailyMessages],
      ),
    );
    return rows.length ? Number(rows[0].n) : 0;
  }
}

/** Paid messages and Stars of a day so far (reserved by workers: an upper bound of what Telegram charged). */
export async function paidSpendOf(ds: DataSource, day: string): Promise<{ messages: number; stars: number }> {
  const [r] = await ds.query(`SELECT messages FROM notification_paid_spend WHERE day = $1`, [day]);
  const messages = Number(r?.messages ?? 0);
  return { messages, stars: Math.round(messages * STARS_PER_PAID_MESSAGE * 10) / 10 };
}
