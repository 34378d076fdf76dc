// Network faults the engine gets through by its own features (docs/design.md "Networks as they
// are", "Folders"); each failed before that feature landed. Each test, and the feature it needs:
//  - a stalled part PUT: the no-progress watchdog on part PUTs (abort, then retry the part);
//  - 20 s offline: waiting for the network without spending retries, saying so in the snapshot,
//    and going on by itself when the browser is back online;
//  - an expired access token: on `InvalidAccessToken`, asking the token getter again with a
//    refresh hint and retrying the call once (the demo's getter must honour the hint);
//  - a missing folder: the engine creating the target folder with the directory API when the
//    token may (`create_directory`), and the emulator's directory route and grant check.
// The emulator here is strict (no parent folders made on upload), as SMH is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Portal } from './harness';
import {
  largestUpload,
  MiB,
  partPuts,
  resendReport,
  settledStats,
  startHarness,
  taskView,
  waitForStoredParts,
  type Harness,
} from './harness';
import {
  cardText,
  expectResendsWithin,
  expectStoredExactly,
  MAX_CONCURRENCY,
  partAttempts,
  proxyOf,
  settle,
  smhCalls,
  startUpload,
} from './network';

const OFFLINE_MS = 20_000;
/** What a card may say while it waits for the browser to come back online. */
const WAITING_FOR_NETWORK = /offline|network|connection|online/i;

/** Serves the page its access token from `token` instead of the demo's backend. */
async function serveToken(portal: Portal, token: { accessToken: string; expiresIn: number }): Promise<void> {
  await portal.context.route(
    (url) => url.pathname === '/demo-api/token',
    (route) => route.fulfill({ status: 200, contentType: 'application/json', headers: { 'cache-control': 'no-store' }, body: JSON.stringify(token) }),
  );
}

describe('uploads through a faulty network (waiting on engine features)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ proxy: true, emulator: { createParentDirectories: false } });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('a part PUT that is read and never answered is given up by the no-progress watchdog and sent again', async () => {
    const upload = await startUpload(harness, {
      folder: 'claims/net-stall',
      name: 'stalled-part.bin',
      seed: 51,
      rules: [{ name: 'stall part 3', origin: 'cos', method: 'PUT', query: { partNumber: '3' }, action: { kind: 'stall' } }],
    });
    // Well within the proxy's 5-minute hold: the engine, not the proxy, must end the stall.
    await expectStoredExactly(harness, upload, 180_000);

    const proxy = proxyOf(harness);
    expect(proxy.hits('stall part 3')).toBe(1);
    const attempts = partAttempts(proxy.log()).get(3) ?? [];
    expect(attempts.map((entry) => entry.end)).toEqual(['client-closed', 'answered']);
    await expectResendsWithin(harness, upload, [3]);
  });

  it('20 s offline mid-upload: the task waits, says it waits for the network, and goes on by itself', async () => {
    const upload = await startUpload(harness, {
      folder: 'claims/net-offline',
      name: 'offline.bin',
      seed: 52,
      faults: { bandwidthBytesPerSecond: MiB },
    });
    await waitForStoredParts(harness, 3);
    await upload.portal.context.setOffline(true);
    const offlineAt = Date.now();
    const states = new Set<string>();
    let saidWaiting = false;
    while (Date.now() - offlineAt < OFFLINE_MS) {
      const view = await taskView(upload.page, upload.name);
      if (view) states.add(view.state);
      // Said while it waits: a failure's own message ("check your connection") does not count.
      const waiting = view !== undefined && !['failed', 'cancelled', 'done'].includes(view.state);
      if (waiting && WAITING_FOR_NETWORK.test(await cardText(upload.page, upload.name))) saidWaiting = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const text = await cardText(upload.page, upload.name);
    expect([...states], `offline for 20 s: ${text}`).not.toContain('failed');
    expect(saidWaiting, `the card said it waits for the network: ${text}`).toBe(true);
    // What had reached the emulator when the browser went offline (nothing more can arrive now).
    const before = await settledStats(harness);
    const uploadId = largestUpload(before)!;

    await upload.portal.context.setOffline(false);
    await expectStoredExactly(harness, upload);
    const report = resendReport(partPuts(before, uploadId), partPuts(await settledStats(harness), uploadId));
    expect(report.resentStored).toEqual([]);
    expect(report.resent.every((number) => report.unfinished.includes(number))).toBe(true);
    expect(report.unfinished.length).toBeLessThanOrEqual(MAX_CONCURRENCY);
    await expectResendsWithin(harness, upload, report.unfinished);
  });

  it('an access token that expires mid-upload is fetched again and the refused call retried once', async () => {
    const upload = await startUpload(harness, {
      folder: 'claims/net-token',
      name: 'expired-token.bin',
      seed: 53,
      faults: { bandwidthBytesPerSecond: 2 * MiB },
    });
    const tokenRequests: string[] = [];
    upload.page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/demo-api/token') tokenRequests.push(request.url());
    });
    await waitForStoredParts(harness, 3);
    const askedBefore = tokenRequests.length;
    const expired = await harness.admin.expireCredentials({ accessTokens: true });
    expect(expired.accessTokens).toBeGreaterThan(0);
    await expectStoredExactly(harness, upload);

    expect(tokenRequests.length, 'the page asked for a fresh token').toBeGreaterThan(askedBefore);
    const calls = smhCalls(proxyOf(harness).log()).filter((call) => call.path.startsWith('/api/v1/file/'));
    const refused = calls.filter((call) => call.status === 403 && call.replyExcerpt?.includes('InvalidAccessToken'));
    expect(refused.length, 'SMH refused the expired token').toBeGreaterThan(0);
    for (const call of refused) {
      const kind = Object.keys(call.query).filter((key) => key !== 'access_token' && key !== 'user_id').toSorted().join('&');
      const next = calls.find(
        (later) => later.id > call.id && later.method === call.method && later.path === call.path &&
          Object.keys(later.query).filter((key) => key !== 'access_token' && key !== 'user_id').toSorted().join('&') === kind,
      );
      expect(next?.status, `the ${call.method} ${kind} refused for its token was tried again and went through`).toBeLessThan(300);
    }
    const stats = await settledStats(harness);
    const parts = partPuts(stats, largestUpload(stats)!);
    expect([...parts.values()].every((part) => part.stored === 1)).toBe(true);
  });

  it('an upload into a folder that does not exist creates it (token with create_directory) and succeeds', async () => {
    const folder = 'claims/net-new/2026/q4';
    const upload = await startUpload(harness, {
      folder,
      name: 'new-folder.bin',
      seed: 54,
      createFolder: false,
      beforeOpen: async (portal) => serveToken(portal, await harness.emulator.issueToken({ grant: 'upload_file_force,create_directory' })),
    });
    await expectStoredExactly(harness, upload);
    const created = smhCalls(proxyOf(harness).log()).filter((call) => call.method === 'PUT' && call.path.startsWith('/api/v1/directory/'));
    expect(created.some((call) => (call.status ?? 0) < 300), 'the folder was made through the directory API').toBe(true);
    await expectResendsWithin(harness, upload, []);
  });

  it('without the create_directory grant, an upload into a missing folder fails saying the folder is missing and this token may not create it', async () => {
    const folder = 'claims/net-denied/new';
    const upload = await startUpload(harness, {
      folder,
      name: 'no-grant.bin',
      seed: 55,
      createFolder: false,
      beforeOpen: async (portal) => serveToken(portal, await harness.emulator.issueToken({ grant: 'upload_file_force' })),
    });
    const end = await settle(upload);
    expect(end.state, `the card reads: ${end.text}`).toBe('failed');
    expect(end.text).toMatch(/does not exist/i);
    expect(end.text).toMatch(/(may not|cannot|can't|not allowed to|no permission to) create/i);
    const listing = (await (await fetch(`${harness.emulator.url}/__emulator/files`)).json()) as { directories: { path: string }[] };
    expect(listing.directories.map((dir) => dir.path)).not.toContain(folder);
    expect(partAttempts(proxyOf(harness).log()).size, 'no part was sent').toBe(0);
  });
});
