import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UploadSnapshot } from '../../src/core/types';
import { harness } from './support/setup';
import { MiB, cosError, cosExpired, makeBytes, makeFile, networkError, sameBytes } from './support/fakeSmh';

type Outcome = 'ok' | 'status503' | 'status429' | 'network' | 'expired' | 'pause';

const sending = (s: UploadSnapshot) => s.state === 'uploading' || s.state === 'renewing';

const outcome = fc.constantFrom<Outcome>('ok', 'ok', 'status503', 'status429', 'network', 'expired', 'pause');

describe('under any sequence of part failures', () => {
  it('progress never goes backwards while sending, shows the stored bytes when stopped, never passes 100 %, and the stored object ends complete and byte-exact', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 * MiB + 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(outcome, { maxLength: 24 }),
        async (size, concurrency, outcomes) => {
          const h = harness();
          const queue = [...outcomes];
          const task = h.upload({ file: makeFile(size, { seed: size }), concurrency, maxConcurrency: concurrency, maxRetries: 2 });
          const snapshots: UploadSnapshot[] = [];
          task.subscribe((s) => snapshots.push(s));
          let pauseRequested = false;
          h.smh.onPartStart = () => {
            snapshots.push(task.getSnapshot());
            if (queue[0] === 'pause') {
              queue.shift();
              pauseRequested = true;
            }
          };
          h.smh.partFault = () => {
            snapshots.push(task.getSnapshot());
            switch (queue.shift()) {
              case 'status503':
                return cosError(503, 'ServiceUnavailable');
              case 'status429':
                return cosError(429, 'SlowDown');
              case 'network':
                return networkError();
              case 'expired':
                return cosExpired();
              default:
                return undefined;
            }
          };
          task.start();
          for (let round = 0; round < 40; round += 1) {
            const s = await h.run(task, (x) => pauseRequested || ['done', 'failed', 'cancelled'].includes(x.state));
            if (pauseRequested) {
              pauseRequested = false;
              task.pause();
              snapshots.push(task.getSnapshot());
              task.resume();
              continue;
            }
            if (s.state === 'done') break;
            // A part failed for good: start again from what the server stores.
            expect(s.state).toBe('failed');
            task.start();
          }
          const done = task.getSnapshot();
          snapshots.push(done);
          expect(done.state).toBe('done');
          expect(sameBytes(h.smh.files.get('docs/video.mp4'), makeBytes(size, size))).toBe(true);
          // While parts move, progress never goes back (a retried part restarts only its own
          // in-flight bytes; a simple upload's one body is the exception: it goes again whole).
          // Stopped (paused, failed), it shows what is kept: the stored bytes.
          const simple = size < 2 * MiB;
          let previous: UploadSnapshot | undefined;
          let confirmed = 0;
          for (const s of snapshots) {
            const progress = s.progressBytes as number;
            expect(progress).toBeLessThanOrEqual(size);
            expect(progress).toBeGreaterThanOrEqual(s.confirmedBytes);
            const stopped = ['paused', 'failed'].includes(s.state);
            expect(stopped ? progress : s.confirmedBytes).toBe(s.confirmedBytes);
            const bothSending = !simple && previous !== undefined && sending(previous) && sending(s);
            expect(progress).toBeGreaterThanOrEqual(bothSending ? (previous?.progressBytes as number) : 0);
            expect(s.confirmedBytes).toBeGreaterThanOrEqual(confirmed);
            expect(s.confirmedBytes + s.inflightBytes).toBeLessThanOrEqual(size);
            previous = s;
            confirmed = s.confirmedBytes;
          }
          const shown = done.progressBytes;
          expect(shown).toBe(size);
          // One body for a simple upload (under the 2 MiB threshold), else `concurrency` 1 MiB parts.
          expect(h.smh.maxInflightBytes).toBeLessThanOrEqual(simple ? size : concurrency * MiB);
        },
      ),
      { numRuns: 40 },
    );
    // Forty whole uploads with real hashing and Blob reads: seconds on a busy 2-core machine.
  }, 60_000);
});
