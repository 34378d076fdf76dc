// The engine's stallTimeoutMs reaches the default transport, whose watchdog runs on the engine's
// clock: a part PUT that never makes progress is aborted and sent again through the one retry
// policy, as a network failure.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { harness } from './support/setup';
import { MiB } from './support/fakeSmh';

afterEach(() => {
  vi.unstubAllGlobals();
});

/**
 * `fetch` (the default transport in Node) in front of the fake COS; the first PUT of part 2 hangs
 * without a byte of progress until the transport aborts it.
 */
function fetchWithStall(h: ReturnType<typeof harness>) {
  /** How long after it began the hanging PUT was aborted, on the engine's clock. */
  const aborted: number[] = [];
  let stalls = 1;
  const fetchImpl = async (url: string, init: RequestInit): Promise<Response> => {
    const signal = init.signal as AbortSignal;
    if (new URL(url).searchParams.get('partNumber') === '2' && stalls-- > 0) {
      const began = h.clock.now();
      return new Promise<Response>((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          aborted.push(h.clock.now() - began);
          reject(signal.reason);
        }),
      );
    }
    const reply = await h.smh.transport.send({
      url,
      method: 'PUT',
      headers: init.headers as Record<string, string>,
      body: init.body as Blob,
      signal,
    });
    return new Response(null, { status: reply.status, headers: reply.etag ? { ETag: reply.etag } : {} });
  };
  vi.stubGlobal('fetch', fetchImpl);
  return aborted;
}

describe('stalled part PUTs', () => {
  it('a PUT with no progress for stallTimeoutMs is aborted on the engine clock and sent again as a network failure', async () => {
    const h = harness({ latencyMs: 0 });
    const aborted = fetchWithStall(h);
    const task = h.upload({ transport: undefined, stallTimeoutMs: 2_000, concurrency: 1, maxConcurrency: 1 });
    task.start();
    const done = await h.run(task);
    expect(done.state).toBe('done');
    expect(aborted).toHaveLength(1);
    // fetch shows no progress: the watchdog allows stallTimeoutMs plus the body at 16 KiB/s.
    expect(aborted[0]).toBe(2_000 + (MiB / (16 * 1024)) * 1000);
    expect(done.parts[1]?.attempts).toBe(2);
    // It went through the retry policy: the snapshot said so while it waited.
    expect(h.seen.get(task.id)?.some((s) => s.retrying?.attempt === 2)).toBe(true);
  });

  it('refuses stallTimeoutMs beside a transport of your own, and one that is not a positive number', () => {
    const h = harness();
    expect(() => h.upload({ stallTimeoutMs: 1_000 })).toThrow(/stallTimeoutMs sets the default transport/);
    expect(() => h.upload({ transport: undefined, stallTimeoutMs: 0 })).toThrow(TypeError);
  });
});
