// SMH's per-file fields through the engine (docs/smh-protocol.md §12.5): sent at every begin and
// again at confirm, trafficLimit at renew too, the modification time taken from the File, and bad
// values refused with a TypeError before a task exists.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { UploadOptions } from '../../src/core/types';
import { harness } from './support/setup';
import { MiB, makeBytes, makeFile } from './support/fakeSmh';

const SIZE = 5 * MiB + 123;
const MODIFIED = Date.UTC(2024, 4, 2, 9, 30); // what makeFile gets below
const MODIFIED_ISO = '2024-05-02T09:30:00.000Z';

const given = {
  labels: ['claim-7', 'photo'],
  category: 'photo',
  localCreationTime: new Date(Date.UTC(2024, 4, 1, 8)),
  trafficLimit: 1024 * 1024,
  preferSameOrigin: true,
  meta: { 'claim-id': 'C-7' },
} satisfies Partial<UploadOptions>;

const onWire = {
  labels: ['claim-7', 'photo'],
  category: 'photo',
  localCreationTime: '2024-05-01T08:00:00.000Z',
  localModificationTime: MODIFIED_ISO,
};

const fieldsOf = (options: Record<string, unknown>) => ({
  labels: options.labels,
  category: options.category,
  localCreationTime: options.localCreationTime,
  localModificationTime: options.localModificationTime,
});

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** A multipart upload started with `options`, paused once two parts are stored. */
async function interrupted(h: ReturnType<typeof harness>, options: Partial<UploadOptions>) {
  const file = makeFile(SIZE, { lastModified: MODIFIED });
  const first = h.upload({ ...options, file, concurrency: 1, maxConcurrency: 1 });
  first.start();
  await h.run(first, (s) => s.storedBytes >= 2 * MiB);
  first.pause();
  return { file, confirmKey: first.getSnapshot().confirmKey as string };
}

describe('SMH per-file fields in the engine', () => {
  it('multipart: every field at begin, the body fields again at confirm, trafficLimit at renew', async () => {
    const h = harness({ credentialTtlMs: 4 * 60_000, latencyMs: 60_000 });
    const task = h.upload({ ...given, file: makeFile(SIZE, { lastModified: MODIFIED }), concurrency: 1, maxConcurrency: 1 });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    const begin = h.smh.optionsOf('beginUpload');
    expect(fieldsOf(begin)).toEqual(onWire);
    expect(begin).toMatchObject({ trafficLimit: 1024 * 1024, preferSameOrigin: true, meta: { 'claim-id': 'C-7' } });
    expect(fieldsOf(h.smh.optionsOf('confirmUpload'))).toEqual(onWire);
    expect(h.smh.optionsOf('confirmUpload')).not.toHaveProperty('trafficLimit');
    expect(h.smh.callsOf('renewUpload').length).toBeGreaterThan(0);
    for (const renew of h.smh.callsOf('renewUpload')) expect(renew.options).toMatchObject({ trafficLimit: 1024 * 1024 });
  });

  it('simple: the same fields at begin and confirm', async () => {
    const h = harness();
    const task = h.upload({ ...given, file: makeFile(MiB, { lastModified: MODIFIED }) });
    task.start();
    const done = await h.run(task);
    expect([done.state, done.mode]).toEqual(['done', 'simple']);
    expect(fieldsOf(h.smh.optionsOf('beginSimpleUpload'))).toEqual(onWire);
    expect(h.smh.optionsOf('beginSimpleUpload')).toMatchObject({ trafficLimit: 1024 * 1024, preferSameOrigin: true });
    expect(fieldsOf(h.smh.optionsOf('confirmUpload'))).toEqual(onWire);
  });

  it('instant: both begin calls (beginning hash, then full hash) carry the fields; nothing is confirmed', async () => {
    const bytes = makeBytes(3 * MiB);
    let full: Buffer | undefined;
    for (let offset = 0; offset < bytes.length; offset += MiB) {
      const block = bytes.subarray(offset, offset + MiB);
      full = sha(full ? Buffer.concat([full, block]) : block);
    }
    const h = harness();
    h.smh.instant.push({
      beginningHash: sha(bytes.subarray(0, MiB)).toString('hex'),
      fullHash: (full as Buffer).toString('hex'),
      file: { path: ['docs', 'video.mp4'], name: 'video.mp4', size: String(bytes.length) },
    });
    const task = h.upload({ ...given, instantUpload: true, instantUploadThreshold: MiB, file: makeFile(3 * MiB, { lastModified: MODIFIED }) });
    task.start();
    expect((await h.run(task)).mode).toBe('instant');
    const begins = h.smh.callsOf('beginUpload');
    expect(begins).toHaveLength(2);
    for (const call of begins) expect(fieldsOf(call.options as Record<string, unknown>)).toEqual(onWire);
    expect(h.smh.callsOf('confirmUpload')).toHaveLength(0);
  });

  it('resumed in a new page: the confirm carries the fields given to resumeUpload, the modification time from the same File', async () => {
    const h = harness();
    const { file, confirmKey } = await interrupted(h, {});
    const resumed = h.resume({ confirmKey, file, labels: ['claim-7'], category: 'photo' });
    resumed.start();
    expect((await h.run(resumed)).state).toBe('done');
    expect(h.smh.callsOf('beginUpload')).toHaveLength(1);
    expect(fieldsOf(h.smh.optionsOf('confirmUpload'))).toEqual({
      labels: ['claim-7'],
      category: 'photo',
      localCreationTime: undefined,
      localModificationTime: MODIFIED_ISO,
    });
  });

  it('resumed without field options: the record kept what the first start sent, and the confirm sends it again', async () => {
    const h = harness();
    const { file, confirmKey } = await interrupted(h, given);
    expect((await h.store.get(confirmKey))?.fields).toEqual({ ...onWire, meta: { 'claim-id': 'C-7' } });
    // As a Blob (a store may give back one, without lastModified): the recorded time is the one sent.
    const resumed = h.resume({ confirmKey, file: new Blob([await file.arrayBuffer()]) });
    resumed.start();
    expect((await h.run(resumed)).state).toBe('done');
    expect(fieldsOf(h.smh.optionsOf('confirmUpload'))).toEqual(onWire);
  });

  it('resumed with some field options: those win, the record fills in the rest, false still sends none', async () => {
    const h = harness();
    const { file, confirmKey } = await interrupted(h, given);
    const resumed = h.resume({ confirmKey, file, labels: ['claim-8'], localModificationTime: false });
    resumed.start();
    expect((await h.run(resumed)).state).toBe('done');
    expect(fieldsOf(h.smh.optionsOf('confirmUpload'))).toEqual({
      labels: ['claim-8'],
      category: 'photo',
      localCreationTime: '2024-05-01T08:00:00.000Z',
      localModificationTime: undefined,
    });
  });

  it('resumed with restartIfGone after SMH forgot the task: the new begin carries the recorded fields and metadata', async () => {
    const h = harness();
    const { file, confirmKey } = await interrupted(h, given);
    h.smh.tasks.delete(confirmKey);
    const resumed = h.resume({ confirmKey, file, restartIfGone: true });
    resumed.start();
    expect((await h.run(resumed)).state).toBe('done');
    const begins = h.smh.callsOf('beginUpload');
    expect(begins).toHaveLength(2);
    expect(fieldsOf(begins[1]!.options as Record<string, unknown>)).toEqual(onWire);
    expect(begins[1]!.options).toMatchObject({ meta: { 'claim-id': 'C-7' } });
  });

  it('by default sends only the File\'s lastModified as localModificationTime; no creation time, none at all for a Blob', async () => {
    const h = harness();
    const task = h.upload({ file: makeFile(MiB, { lastModified: MODIFIED }) });
    task.start();
    await h.run(task);
    expect(fieldsOf(h.smh.optionsOf('beginSimpleUpload'))).toEqual({
      labels: undefined,
      category: undefined,
      localCreationTime: undefined,
      localModificationTime: MODIFIED_ISO,
    });
    const blob = h.upload({ file: new Blob([makeBytes(10) as Uint8Array<ArrayBuffer>]), path: 'docs/blob.bin' });
    blob.start();
    await h.run(blob);
    expect(fieldsOf(h.smh.optionsOf('beginSimpleUpload', 1))).toEqual(fieldsOf({}));
  });

  it('uploads a File whose lastModified is past year 9999 without a modification time (SMH takes no such date)', async () => {
    const h = harness();
    const task = h.upload({ file: makeFile(MiB, { lastModified: Date.UTC(10000, 0, 1) }) });
    task.start();
    expect((await h.run(task)).state).toBe('done');
    expect(h.smh.optionsOf('beginSimpleUpload').localModificationTime).toBeUndefined();
  });

  it('takes times as a Date, ms or an ISO string, and false sends none', async () => {
    const h = harness();
    const task = h.upload({
      file: makeFile(MiB, { lastModified: MODIFIED }),
      localCreationTime: Date.UTC(2020, 0, 1),
      localModificationTime: false,
    });
    task.start();
    await h.run(task);
    expect(fieldsOf(h.smh.optionsOf('beginSimpleUpload'))).toMatchObject({
      localCreationTime: '2020-01-01T00:00:00.000Z',
      localModificationTime: undefined,
    });
    const other = h.upload({ file: makeFile(MiB), localModificationTime: '2024-01-01T10:00:00+08:00' });
    other.start();
    await h.run(other);
    // An ISO string goes as it was given.
    expect(h.smh.optionsOf('beginSimpleUpload', 1).localModificationTime).toBe('2024-01-01T10:00:00+08:00');
  });

  it.each([
    ['labels that are not strings', { labels: ['a', 7] }],
    ['labels given as one string', { labels: 'a,b' }],
    ['a category SMH refuses (over 16 bytes)', { category: 'a-very-long-category' }],
    ['an empty category', { category: '' }],
    ['a negative traffic limit', { trafficLimit: -1 }],
    ['a traffic limit under 100 KB/s', { trafficLimit: 1000 }],
    ['an invalid Date', { localCreationTime: new Date('nope') }],
    ['a time that is not ISO 8601', { localModificationTime: '01/05/2024' }],
    ['a time that is NaN', { localModificationTime: Number.NaN }],
    ['a preferSameOrigin that is not a boolean', { preferSameOrigin: 1 }],
    ['meta that cannot be a header', { meta: { 'bad key': 'v' } }],
  ])('refuses %s with a TypeError, before a task exists', (_what, bad) => {
    const h = harness();
    expect(() => h.upload(bad as Partial<UploadOptions>)).toThrow(TypeError);
    expect(h.smh.calls).toHaveLength(0);
  });
});
