// Issue 9: faults from outside the emulator. Chromium reaches SMH and COS through a fault proxy
// (./faultProxy.ts) that breaks chosen requests the way networks do. Each upload must end
// byte-exact with no click after the fault, sending again only the parts the fault hit.
// Faults the engine cannot get through yet are in network-pending.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiB, startHarness, type Harness } from './harness';
import { expectResendsWithin, expectStoredExactly, partAttempts, proxyOf, smhCalls, startUpload } from './network';

// COS credentials live 8 s, so a 16 s upload has to renew them (at half their life).
const TTL_SECONDS = 8;

/** An init script that moves the page's clock (`Date.now()`, `new Date()`) by `shiftMs`. */
function shiftedClock(shiftMs: number): string {
  return `(() => {
    const RealDate = Date;
    const shift = ${shiftMs};
    const now = () => RealDate.now() + shift;
    function ShiftedDate(...args) {
      if (!new.target) return new RealDate(now()).toString();
      return args.length === 0 ? new RealDate(now()) : new RealDate(...args);
    }
    ShiftedDate.prototype = RealDate.prototype;
    ShiftedDate.now = now;
    ShiftedDate.parse = RealDate.parse;
    ShiftedDate.UTC = RealDate.UTC;
    globalThis.Date = ShiftedDate;
  })();`;
}

describe('uploads through a faulty network', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ proxy: true, emulator: { partInfoTtlSeconds: TTL_SECONDS } });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('a confirm whose reply is lost after SMH stored the file finishes by itself, with one file', async () => {
    const upload = await startUpload(harness, {
      folder: 'claims/net-confirm',
      name: 'lost-confirm.bin',
      seed: 21,
      rules: [{ name: 'lost confirm', origin: 'smh', method: 'POST', query: { confirm: true }, action: { kind: 'dropReply' } }],
    });
    await expectStoredExactly(harness, upload);

    const proxy = proxyOf(harness);
    expect(proxy.hits('lost confirm')).toBe(1);
    const confirms = smhCalls(proxy.log()).filter((call) => call.method === 'POST' && 'confirm' in call.query);
    // SMH acted on the first confirm (200) and the page never heard; a later one settled it.
    expect(confirms[0]).toMatchObject({ status: 200, end: 'reply-dropped' });
    expect(confirms.length).toBeGreaterThanOrEqual(2);
    expect((await harness.admin.stats()).requests['smh:confirm']).toBe(confirms.length);
    const files = (await harness.admin.files()).filter((file) => file.path.startsWith('claims/net-confirm/'));
    expect(files.map((file) => file.path)).toEqual(['claims/net-confirm/lost-confirm.bin']);
    await expectResendsWithin(harness, upload, []);
  });

  it('connections reset mid-body (part 2 twice, part 5 once) cost those parts again and nothing else', async () => {
    const upload = await startUpload(harness, {
      folder: 'claims/net-reset',
      name: 'reset-mid-body.bin',
      seed: 22,
      rules: [
        { name: 'reset part 2', origin: 'cos', method: 'PUT', query: { partNumber: '2' }, attempts: [1, 2], action: { kind: 'reset', afterBytes: 300_000 } },
        { name: 'reset part 5', origin: 'cos', method: 'PUT', query: { partNumber: '5' }, action: { kind: 'reset', afterBytes: 700_000 } },
      ],
    });
    await expectStoredExactly(harness, upload);

    const proxy = proxyOf(harness);
    expect(proxy.hits('reset part 2')).toBe(2);
    expect(proxy.hits('reset part 5')).toBe(1);
    const attempts = partAttempts(proxy.log());
    expect(attempts.get(2)?.map((entry) => entry.end)).toEqual(['reset', 'reset', 'answered']);
    expect(attempts.get(5)?.map((entry) => entry.end)).toEqual(['reset', 'answered']);
    await expectResendsWithin(harness, upload, [2, 5]);
  });

  for (const [label, hours] of [['ahead', 5], ['behind', -5]] as const) {
    it(`renews the COS credentials on the server's clock when the page clock is 5 h ${label}`, async () => {
      const shift = hours * 3_600_000;
      const upload = await startUpload(harness, {
        folder: `claims/net-clock-${label}`,
        name: `clock-${label}.bin`,
        seed: 40 + hours,
        // 1 MiB/s: the upload outlasts the credentials.
        faults: { bandwidthBytesPerSecond: MiB },
        beforeOpen: async (portal) => {
          await portal.context.addInitScript({ content: shiftedClock(shift) });
        },
      });
      const pageSkew = (await upload.page.evaluate(() => Date.now())) - Date.now();
      expect(Math.abs(pageSkew - shift), 'the page clock is shifted').toBeLessThan(60_000);
      await expectStoredExactly(harness, upload);

      const log = proxyOf(harness).log();
      const parts = [...partAttempts(log).values()].flat();
      const calls = smhCalls(log).filter((call) => call.method === 'POST');
      const renewals = calls.filter((call) => 'renew' in call.query);
      // From the credentials of begin to the confirm after the last part.
      const span = calls.findLast((call) => 'confirm' in call.query)!.at - calls.find((call) => 'multipart' in call.query)!.at;
      expect(span, 'the parts went out over more than one credential lifetime').toBeGreaterThan(TTL_SECONDS * 1000);
      // Renewed ahead of expiry by the server's clock: COS never refused a part as expired…
      expect(parts.filter((entry) => entry.status === 403)).toEqual([]);
      expect(renewals.length).toBeGreaterThanOrEqual(1);
      // …and about once per half lifetime, not before every part.
      expect(renewals.length).toBeLessThanOrEqual(Math.ceil(span / (TTL_SECONDS * 500)) + 1);
      expect(renewals.every((call) => call.status === 200)).toBe(true);
      await expectResendsWithin(harness, upload, []);
    });
  }
});
