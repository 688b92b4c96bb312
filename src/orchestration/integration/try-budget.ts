/**
 * A try's time budget, counted on the partner and not on this process. A plain timer is not enough: when
 * the hub's event loop is held up (a synchronous PGlite query, a long garbage collection), the partner's
 * answer may already sit unread in the socket when the loop comes back, and Node runs due timers before it
 * reads sockets. The timer would call an answered try timed out and the delivery would go a second time to
 * a partner that had said 2xx. So a budget whose timer fires late gives back the time the hub was held up
 * (the answer waiting is read meanwhile), and one that fires on time still lets two turns of the loop read
 * what arrived just before. `hardMs` bounds all of it in real time, well inside the delivery's lease, so a
 * try is never under way when another worker may take the delivery.
 */
export class TryBudget {
  private timer?: NodeJS.Timeout;
  private immediate?: NodeJS.Immediate;
  private due: number;
  private readonly hardAt: number;
  private done = false;

  /** How late a timer may fire and still count as on time (the loop is never perfectly punctual). */
  static readonly TOLERANCE_MS = 20;

  constructor(
    budgetMs: number,
    hardMs: number,
    private readonly onSpent: () => void,
    private readonly now: () => number = Date.now,
  ) {
    const start = now();
    this.due = start + budgetMs;
    this.hardAt = start + Math.max(budgetMs, hardMs);
    this.arm();
  }

  cancel(): void {
    this.done = true;
    clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
  }

  private arm(): void {
    this.timer = setTimeout(() => this.check(), Math.max(0, this.due - this.now()));
  }

  private check(): void {
    if (this.done) return;
    const now = this.now();
    const late = now - this.due;
    if (late > TryBudget.TOLERANCE_MS && now < this.hardAt) {
      // Held up: the partner gets the time again, from now, once the loop has read what is waiting.
      this.due = Math.min(this.hardAt, now + late);
      this.arm();
      return;
    }
    // On time (or out of real time): what arrived just before is read in the next two turns, then it is spent.
    this.immediate = setImmediate(() => {
      this.immediate = setImmediate(() => {
        if (this.done) return;
        this.done = true;
        this.onSpent();
      });
    });
  }
}
