// The part ledger's progress figures: late or repeated transport reports do not move a part back or
// wake listeners, and a fresh ledger has nothing to send. Through a task: each stored part shows
// its ETag, and a failed part is pending again as soon as the task is started again. Laid out again
// with what the server stores, a part keeps its object only while it is stored with the same ETag.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PartLedger } from '../../src/core/engine/ledger';
import { harness } from './support/setup';
import { MiB, cosError, makeBytes } from './support/fakeSmh';

function sendingLedger() {
  let changes = 0;
  const ledger = new PartLedger(300, () => {
    changes += 1;
  });
  ledger.apply([
    { number: 1, offset: 0, size: 200 },
    { number: 2, offset: 200, size: 100 },
  ]);
  ledger.markSending(1);
  return { ledger, changes: () => changes };
}

describe('part progress', () => {
  it('ignores a report of fewer bytes than already reported: the part and the sent count stay', () => {
    const { ledger } = sendingLedger();
    ledger.progress(1, 150);
    ledger.progress(1, 90);
    expect(ledger.part(1).sentBytes).toBe(150);
    expect(ledger.sentBytes).toBe(150);
    expect(ledger.inflightBytes).toBe(150);
  });

  it('does not tell listeners, nor make a new parts list, when the same count is reported again', () => {
    const { ledger, changes } = sendingLedger();
    ledger.progress(1, 150);
    const before = { parts: ledger.parts, changes: changes() };
    ledger.progress(1, 150);
    expect(changes()).toBe(before.changes);
    expect(ledger.parts).toBe(before.parts);
  });
});

describe('a new ledger', () => {
  it('has no parts and nothing to send before a plan is laid out', () => {
    const ledger = new PartLedger(0, () => {});
    expect(ledger.parts).toEqual([]);
    expect(ledger.unstored()).toEqual([]);
  });
});

describe('the parts of an upload', () => {
  it('each show the ETag COS answered for it once stored', async () => {
    const h = harness();
    const task = h.upload();
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    const bytes = makeBytes(5 * MiB + 123);
    const md5Of = (from: number, to: number) => createHash('md5').update(bytes.subarray(from, to)).digest('hex');
    expect(done.parts).toHaveLength(6);
    for (const part of done.parts) expect(part.etag).toBe(`"${md5Of(part.offset, part.offset + part.size)}"`);
  });

  it('a failed task started again shows its failed part pending at once, before the server is asked what it stores', async () => {
    const h = harness();
    let puts = 0;
    h.smh.partFault = () => (++puts === 1 ? cosError(403, 'AccessDenied') : undefined);
    const task = h.upload({ concurrency: 1, maxConcurrency: 1 });
    task.start();
    const failed = await h.run(task);
    expect(failed.state).toBe('failed');
    expect(failed.parts[0]?.state).toBe('failed');
    task.start();
    expect(task.getSnapshot().parts.map((part) => part.state)).not.toContain('failed');
    expect(h.smh.callsOf('getUploadStatus')).toHaveLength(0);
    expect((await h.run(task)).state).toBe('done');
  });
});

describe('laying the plan out again with what the server stores', () => {
  const plan = [
    { number: 1, offset: 0, size: 200 },
    { number: 2, offset: 200, size: 100 },
  ];

  it('keeps the very same object for a part still stored with the same ETag (React skips it)', () => {
    const ledger = new PartLedger(300, () => {});
    ledger.apply(plan, new Map([[1, { etag: '"a"' }]]));
    const before = ledger.part(1);
    ledger.apply(plan, new Map([[1, { etag: '"a"' }]]));
    expect(ledger.part(1)).toBe(before);
  });

  it('shows the new ETag of a part the server now stores with other bytes', () => {
    const ledger = new PartLedger(300, () => {});
    ledger.apply(plan, new Map([[1, { etag: '"a"' }]]));
    ledger.apply(plan, new Map([[1, { etag: '"b"' }]]));
    expect(ledger.part(1)).toMatchObject({ state: 'stored', etag: '"b"' });
  });

  it('shows a pending part as stored once the server stores it, also when no ETag is known', () => {
    const ledger = new PartLedger(300, () => {});
    ledger.apply(plan);
    ledger.apply(plan, new Map([[1, {}]]));
    expect(ledger.part(1).state).toBe('stored');
    expect(ledger.confirmedBytes).toBe(200);
    expect(ledger.unstored()).toEqual([2]);
  });
});
