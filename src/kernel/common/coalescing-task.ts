/**
 * Runs an async task on demand, never twice at once: a wake-up that arrives while it runs folds into one
 * more run afterwards, so nothing signalled is missed and a burst of signals costs two runs, not many.
 */
export class CoalescingTask {
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.again = false;
    void this.task()
      .catch(this.onError)
      .finally(() => {
        this.running = false;
        if (this.again) this.wake();
      });
  }

  /** Stops further runs and waits for the current one to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }
}
