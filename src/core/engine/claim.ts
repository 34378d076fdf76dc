// The claim on a multipart task: the Web Lock that keeps it to one tab at a time, and the resume
// record that lets a reload continue it (docs/design.md "Resume"). The record holds exactly the
// documented fields: never a token, never a signed header.
import { abortError } from '../abort';
import { UploadError } from '../errors';
import { acquireLock, type HeldLock } from '../locks';
import type { ResumeRecord } from '../types';
import { recordedFields } from './fields';
import type { Settings } from './options';

const noop = () => {};

/** What a record says beyond what the settings know. */
export interface RecordFields {
  confirmKey: string;
  path: readonly string[];
  partSize: number;
}

export class Claim {
  private lock: HeldLock | undefined;
  private lockedKey: string | undefined;
  /** The last lock let go of, until it is really free (Web Locks lets go asynchronously). */
  private releasing: Promise<void> | undefined;
  private savedKey: string | undefined;

  constructor(private readonly s: Settings) {}

  /** Whether this task holds the lock of `confirmKey` now. */
  holds(confirmKey: string): boolean {
    return this.lock !== undefined && this.lockedKey === confirmKey;
  }

  /** Takes the lock of `confirmKey` (kept if held); `ResumeLocked` when another tab has it. */
  async take(confirmKey: string, signal: AbortSignal): Promise<void> {
    if (this.holds(confirmKey)) return;
    this.release();
    const lock = await acquireLock(confirmKey, this.s.locks);
    if (signal.aborted) {
      lock?.release();
      throw abortError(signal);
    }
    if (!lock) {
      throw new UploadError('This upload is already running in another tab or window; continue it there.', 'ResumeLocked');
    }
    this.lock = lock;
    this.lockedKey = confirmKey;
  }

  /**
   * Holds `confirmKey` for one short job (a cancel) when this task does not hold it already.
   * Undefined: another tab holds it. Our own lock, let go by a pause a moment ago, is waited for
   * first, so it never reads as another tab's.
   */
  async borrow(confirmKey: string): Promise<HeldLock | undefined> {
    if (this.holds(confirmKey)) return { release: noop, released: Promise.resolve() };
    await this.releasing;
    return acquireLock(confirmKey, this.s.locks);
  }

  release(): void {
    if (this.lock) {
      this.lock.release();
      this.releasing = this.lock.released;
    }
    this.lock = undefined;
    this.lockedKey = undefined;
  }

  /** The stored record of `confirmKey`, if the store has one (a failing store has none). */
  async record(confirmKey: string): Promise<ResumeRecord | undefined> {
    const { store } = this.s;
    const record = store ? await store.get(confirmKey).catch(() => undefined) : undefined;
    if (record) this.savedKey = confirmKey;
    return record;
  }

  /** Writes the record once per task (a store failure is not the upload's failure). */
  async save(fields: RecordFields): Promise<void> {
    const { store, client, file, fileName, lastModified, clock } = this.s;
    if (!store || this.savedKey === fields.confirmKey) return;
    this.savedKey = fields.confirmKey;
    const record: ResumeRecord = {
      confirmKey: fields.confirmKey,
      libraryId: client.libraryId,
      spaceId: client.spaceId,
      path: [...fields.path],
      name: fileName,
      size: file.size,
      lastModified,
      partSize: fields.partSize,
      createdAt: clock.now(),
    };
    const sent = recordedFields(this.s.smh);
    if (sent) record.fields = sent;
    await store.put(record, file).catch(noop);
  }

  async forget(confirmKey: string): Promise<void> {
    if (this.savedKey === confirmKey) this.savedKey = undefined;
    await this.s.store?.remove(confirmKey).catch(noop);
  }
}
