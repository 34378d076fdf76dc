// A budget of requests in flight at once, shared by the tasks of a queue: each call takes a slot for
// as long as it is on the wire (never while it backs off or hashes) and gives it back when it
// settles. Urgent calls (a confirm, which finishes a file; a small file's PUT) go before the others
// waiting (a begin; a large file's part), as Uppy's request queue puts completing an upload before
// starting one; but while others wait, urgent calls hold at most all slots but one, so a stream of
// urgent calls never starves the rest. A budget may also keep slots back for urgent calls about to
// come (`reserved`: the small files running, each about to PUT): the budget does not take a slot
// back from a call on the wire, so without it a large file's parts fill every slot in the moment no
// small PUT waits (a photo is between its begin and its PUT), and then each photo waits for a part.
import { abortError, onAbort } from './abort';

interface Waiter {
  urgent: boolean;
  grant(): void;
}

export class CallBudget {
  private active = 0;
  private urgentActive = 0;
  private readonly waiting: Waiter[] = [];

  /**
   * `reserved`: how many urgent calls may come at any moment; up to all slots but one are kept for
   * them, so the others never take more than what is left (and always at least one).
   */
  constructor(
    private size: number,
    private readonly reserved: () => number = () => 0,
  ) {}

  /** Calls in flight now. */
  get inFlight(): number {
    return this.active;
  }

  /** A bigger budget lets waiting calls go at once; a smaller one lets those in flight finish. */
  resize(size: number): void {
    this.size = size;
    this.drain();
  }

  /** Lets waiting calls go if fewer slots are reserved than before (`reserved` changed). */
  reconsider(): void {
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
    if (this.waiting.length === 0 && this.mayGo(urgent)) {
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
      // Parts may wait beside free slots kept for urgent calls: this one may be such a call.
      this.drain();
    });
  }

  /** Whether a call of this kind may take a free slot now. */
  private mayGo(urgent: boolean): boolean {
    if (this.active >= this.size) return false;
    if (urgent) return true;
    const kept = Math.min(this.size - 1, Math.max(0, this.reserved()));
    return this.active - this.urgentActive < Math.max(1, this.size - kept);
  }

  private drain(): void {
    while (this.waiting.length > 0) {
      const other = this.waiting.findIndex((waiter) => !waiter.urgent);
      const otherMayGo = other !== -1 && this.mayGo(false);
      let at = -1;
      if (this.waiting[0]?.urgent && this.mayGo(true)) {
        // All slots but one are urgent already: the first other waiter goes, if there is one.
        at = this.size > 1 && this.urgentActive >= this.size - 1 && otherMayGo ? other : 0;
      } else if (otherMayGo) {
        at = other;
      }
      if (at === -1) return;
      const [next] = this.waiting.splice(at, 1) as [Waiter];
      this.active += 1;
      if (next.urgent) this.urgentActive += 1;
      next.grant();
    }
  }
}
