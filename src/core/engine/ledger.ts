// The part ledger: the plan of one upload, each part's state, and the byte accounting the snapshot
// shows (`confirmedBytes`, `inflightBytes`, `progressBytes`, bytes sent for the speed meter). Parts
// are frozen objects; one that did not change keeps its identity, so React compares cheaply.
import type { PlannedPart } from '../partPlan';
import type { PartSnapshot } from '../types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What COS says it stores of a part. */
export interface StoredPart {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

function pendingPart(plan: PlannedPart, attempts = 0): PartSnapshot {
  return Object.freeze({ number: plan.number, offset: plan.offset, size: plan.size, state: 'pending', sentBytes: 0, attempts });
}

export class PartLedger {
  private list: PartSnapshot[] = [];
  private view: readonly PartSnapshot[] = Object.freeze([]);
  private viewStale = false;
  private confirmed = 0;
  private inflight = 0;
  /** What is shown as done: monotonic while one plan is sent, see `progressBytes`. */
  private shown = 0;
  private sent = 0;

  /** `onChange` hears of every change (progress included); the task store batches them. */
  constructor(
    private readonly totalBytes: number,
    private readonly onChange: () => void,
  ) {}

  /** Bytes of parts COS stores. */
  get confirmedBytes(): number {
    return this.confirmed;
  }

  /** Bytes of parts in flight now. */
  get inflightBytes(): number {
    return this.inflight;
  }

  /**
   * `confirmedBytes + inflightBytes` held at its high-water mark while the plan is sent (a retried
   * part restarts its in-flight bytes, the figure does not go back), within `totalBytes`. It drops
   * to the stored bytes when sending stops (`showStoredOnly`) or the plan is laid out again.
   */
  get progressBytes(): number {
    return this.shown;
  }

  /** Every byte this page put on the wire, retries included (the speed meter's input). */
  get sentBytes(): number {
    return this.sent;
  }

  get parts(): readonly PartSnapshot[] {
    if (this.viewStale) {
      this.view = Object.freeze(this.list.slice());
      this.viewStale = false;
    }
    return this.view;
  }

  part(number: number): PartSnapshot {
    return this.list[number - 1] as PartSnapshot;
  }

  /** Part numbers still to send. */
  unstored(): number[] {
    return this.list.filter((part) => part.state !== 'stored').map((part) => part.number);
  }

  /**
   * Lays out the parts in one step, `stored` ones as COS has them, so `confirmedBytes` never dips on
   * the way. A part that did not change keeps its object. Progress starts again from what is stored.
   */
  apply(plan: readonly PlannedPart[], stored: ReadonlyMap<number, StoredPart> = new Map()): void {
    const previous = this.list;
    let confirmed = 0;
    this.list = plan.map((planned) => {
      const old = previous[planned.number - 1];
      const same = old !== undefined && old.offset === planned.offset && old.size === planned.size;
      const found = stored.get(planned.number);
      if (found) {
        confirmed += planned.size;
        if (same && old.state === 'stored' && old.etag === found.etag) return old;
        const part: Mutable<PartSnapshot> = { ...planned, state: 'stored', sentBytes: 0, attempts: same ? old.attempts : 0 };
        if (found.etag !== undefined) part.etag = found.etag;
        if (found.lastModified !== undefined) part.lastModified = found.lastModified;
        return Object.freeze(part);
      }
      if (same && old.state === 'pending') return old;
      return pendingPart(planned, same ? old.attempts : 0);
    });
    this.viewStale = true;
    this.confirmed = confirmed;
    this.inflight = 0;
    this.shown = Math.min(this.totalBytes, confirmed);
    this.onChange();
  }

  markSending(number: number): void {
    const part = this.part(number);
    this.replace({ ...part, state: 'sending', sentBytes: 0, attempts: part.attempts + 1 });
  }

  markPending(number: number): void {
    const part = this.part(number);
    if (part.state === 'pending' && part.sentBytes === 0) return;
    const { etag: _etag, lastModified: _lastModified, ...rest } = part;
    this.replace({ ...rest, state: 'pending', sentBytes: 0 });
  }

  markFailed(number: number): void {
    this.replace({ ...this.part(number), state: 'failed', sentBytes: 0 });
  }

  /** `sent`: this page sent the bytes (they count toward speed); not for parts found on the server. */
  markStored(number: number, sent: boolean, etag?: string): void {
    const part = this.part(number);
    // Bytes the transport did not report still crossed the network.
    if (sent) this.sent += part.size - part.sentBytes;
    const next: Mutable<PartSnapshot> = { ...part, state: 'stored', sentBytes: 0 };
    if (etag !== undefined) next.etag = etag;
    this.replace(next);
  }

  /** The transport reports `loaded` bytes of a sending part on the wire. */
  progress(number: number, loaded: number): void {
    const part = this.part(number);
    if (part?.state !== 'sending') return;
    const sent = Math.min(part.size, Math.max(0, loaded));
    if (sent <= part.sentBytes) return;
    this.sent += sent - part.sentBytes;
    this.replace({ ...part, sentBytes: sent });
  }

  /** In-flight parts go back to pending (pause, failure, cancel). */
  resetSending(): void {
    for (const part of this.list) if (part.state === 'sending') this.markPending(part.number);
  }

  resetFailed(): void {
    for (const part of this.list) if (part.state === 'failed') this.markPending(part.number);
  }

  /**
   * Shows only what is kept: sending stopped (paused, failed, cancelled), or the whole body must go
   * again (a simple upload re-sent). The high-water mark of bytes thrown away goes with them.
   */
  showStoredOnly(): void {
    const stored = Math.min(this.totalBytes, this.confirmed + this.inflight);
    if (stored === this.shown) return;
    this.shown = stored;
    this.onChange();
  }

  /** The file is stored (confirmed or instant): everything is done. */
  showAllDone(): void {
    this.shown = this.totalBytes;
    this.onChange();
  }

  private replace(next: PartSnapshot): void {
    const previous = this.part(next.number);
    this.inflight += next.sentBytes - previous.sentBytes;
    if (previous.state === 'stored') this.confirmed -= previous.size;
    if (next.state === 'stored') this.confirmed += next.size;
    this.list[next.number - 1] = Object.freeze(next);
    this.viewStale = true;
    this.shown = Math.min(this.totalBytes, Math.max(this.shown, this.confirmed + this.inflight));
    this.onChange();
  }
}
