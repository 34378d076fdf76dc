// A budget of requests in flight at once, shared by the tasks of a queue: each call takes a slot for
// as long as it is on the wire (never while it backs off or hashes) and gives it back when it
// settles. Urgent calls (a confirm, which finishes a file; a small file's PUT) go before the others
// waiting (a begin; a large file's part), as Uppy's request queue puts completing an upload before
// starting one; but while others wait, urgent calls hold at most all slots but one, so a stream of
// urgent calls never starves the rest.
import { abortError, onAbort } from './abort';

interface Waiter {
  urgent: boolean;
  grant(): void;
}

export class CallBudget {
  private active = 0;
  private urgentActive = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private size: number) {}

  /** Calls in flight now. */
  get inFlight(): number {
    return this.active;
  }

  /** A bigger budget lets waiting calls go at once; a smaller one lets those in flight finish. */
  resize(size: number): void {
    this.size = size;
    this.drain();
  }

  /** Runs `work` once a slot is free; rejects with the abort reason if `signal` aborts first. */
  async run<T>(urgent: boolean, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    await this.take(urgent, signal);
    try {
      return await work();
    } finally {
      this.active -= 1;
      if (urgent) this.urgentActive -= 1;
      this.drain();
    }
  }

  private take(urgent: boolean, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abortError(signal));
    if (this.active < this.size && this.waiting.length === 0) {
      this.active += 1;
      if (urgent) this.urgentActive += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        urgent,
        grant: () => {
          stop();
          resolve();
        },
      };
      const stop = onAbort(signal, () => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(abortError(signal));
      });
      // Urgent calls line up behind the urgent ones already waiting, ahead of the rest.
      const at = urgent ? this.waiting.findIndex((other) => !other.urgent) : -1;
      if (at === -1) this.waiting.push(waiter);
      else this.waiting.splice(at, 0, waiter);
    });
  }

  private drain(): void {
    while (this.active < this.size && this.waiting.length > 0) {
      let at = 0;
      // All slots but one are urgent already: the first other waiter goes, if there is one.
      if (this.size > 1 && this.waiting[0]?.urgent && this.urgentActive >= this.size - 1) at = Math.max(0, this.waiting.findIndex((other) => !other.urgent));
      const [next] = this.waiting.splice(at, 1) as [Waiter];
      this.active += 1;
      if (next.urgent) this.urgentActive += 1;
      next.grant();
    }
  }
}
