// A clock the test moves by hand. Timers fire only when the test drives time, in order of due time.
import type { Clock } from '../../../src/core/types';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export const START_TIME = Date.UTC(2026, 0, 1, 8, 0, 0);

/** Browsers and Node keep timer delays in 32 bits: anything longer fires at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export class FakeClock implements Clock {
  time = START_TIME;
  private timers: Timer[] = [];
  private nextId = 1;

  now = (): number => this.time;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.nextId++;
    // As browsers do: a delay past 32 bits fires at once, so an engine that asks for one is caught.
    const delay = ms > MAX_TIMER_DELAY_MS ? 0 : Math.max(0, ms);
    this.timers.push({ id, at: this.time + delay, callback });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  };

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Delays from now of the timers waiting (for assertions). */
  pendingDelays(): number[] {
    return this.timers.map((timer) => timer.at - this.time).toSorted((a, b) => a - b);
  }

  /** Fires the earliest timer, moving time to it. False when none waits. */
  fireNext(): boolean {
    if (this.timers.length === 0) return false;
    let earliest = this.timers[0] as Timer;
    for (const timer of this.timers) if (timer.at < earliest.at) earliest = timer;
    this.timers = this.timers.filter((timer) => timer !== earliest);
    this.time = Math.max(this.time, earliest.at);
    earliest.callback();
    return true;
  }

  /** Moves time forward by `ms`, firing what falls due on the way. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (let guard = 0; guard < 100_000; guard += 1) {
      await flushAsync();
      const due = this.timers.filter((timer) => timer.at <= until);
      if (due.length === 0) break;
      this.fireNext();
    }
    this.time = until;
    await flushAsync();
  }
}

/** Lets pending promise chains and real async work (Blob reads, WebCrypto) move on. */
export async function flushAsync(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Runs real async work and fake timers until `done()` holds: when nothing else can move, the next
 * timer fires. Bounded, so a stuck engine fails the test instead of hanging it.
 */
export async function driveUntil(clock: FakeClock, done: () => boolean, maxSteps = 50_000): Promise<void> {
  let idle = 0;
  for (let step = 0; step < maxSteps; step += 1) {
    if (done()) return;
    await flushAsync(2);
    if (done()) return;
    // Give real async work (hash-wasm loading, Blob reads) a few chances before moving time.
    if (idle < 2) {
      idle += 1;
      continue;
    }
    idle = 0;
    if (!clock.fireNext()) await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`driveUntil: condition not reached after ${maxSteps} steps`);
}
