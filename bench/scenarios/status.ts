// Scenario 4: how hard <UploadStatus confirmKey> leans on the status endpoint, counted at the
// emulator (/__emulator/stats), against a fixed 1 s poll of another task of the same size
// uploaded at the same time. Then per minute on idle tasks, with the tab visible and hidden.
import { oursMissing, withTab, type Context } from '../lib/context';
import { type Row, unavailable, verdict } from '../lib/table';
import { formatBytes, MiB, reason } from '../lib/util';

export async function runStatus(context: Context): Promise<Row[]> {
  const size = context.quick ? 16 * MiB : 64 * MiB;
  /** How long the two uploads should take together under the emulator's bandwidth cap. */
  const durationS = context.quick ? 12 : 60;
  const windowMs = context.quick ? 15_000 : 60_000;
  // Long enough for a poll at the hooks' maximum interval (30 s) to notice `confirmed`.
  const settleTimeoutMs = 40_000;
  const runningMetric = `status requests per task (${durationS} s upload)`;
  const visibleMetric = 'status requests per minute, idle task, visible';
  const hiddenMetric = 'status requests per minute, idle task, hidden';
  const hiddenTarget = '0 (paused)';
  let emulator;
  try {
    emulator = await context.emulator();
  } catch (error) {
    const why = reason(error);
    return [unavailable(runningMetric, why, '–'), unavailable(visibleMetric, why, '–'), unavailable(hiddenMetric, why, hiddenTarget)];
  }
  const { target } = emulator;
  const name = (kind: string) => `bench-${context.runId}-${kind}.bin`;

  return withTab(context, async (tab) => {
    const missing = await oursMissing(tab, ['createSmhClient', 'createUpload', 'UploadStatus', 'SmhUploadProvider']);
    const rows: Row[] = [];

    // ── while an upload runs ──
    // The emulator caps bandwidth for all connections together, so both uploads stretch
    // over about `durationS` seconds and the pollers have something to watch.
    await emulator.setFaults({ bandwidthBytesPerSecond: Math.round((2 * size) / durationS) });
    try {
      const timeout = settleTimeoutMs + durationS * 4000;
      const [ours, base] = await Promise.allSettled([
        missing
          ? Promise.reject(new Error(missing))
          : tab.ours('watchUpload', [{ target, sizeBytes: size, name: name('status-ours'), settleTimeoutMs }], timeout),
        tab.baseline(
          'fixedPollUpload',
          [{ target, sizeBytes: size, name: name('status-poll'), settleTimeoutMs, partSize: 8 * MiB, concurrency: 4 }],
          timeout,
        ),
      ]);
      const oursCount = ours.status === 'fulfilled' ? await emulator.statusCalls(ours.value.confirmKey) : undefined;
      const baseCount = base.status === 'fulfilled' ? await emulator.statusCalls(base.value.confirmKey) : undefined;
      if (ours.status === 'fulfilled') {
        context.notes.push(
          `status: ours ${oursCount} requests over a ${(ours.value.uploadMs / 1000).toFixed(1)} s upload of ${formatBytes(size)}; ` +
            (ours.value.sawConfirmedAfterMs >= 0
              ? `UploadStatus saw confirmed ${(ours.value.sawConfirmedAfterMs / 1000).toFixed(1)} s after confirm`
              : `UploadStatus had not seen confirmed ${settleTimeoutMs / 1000} s after confirm`),
        );
      }
      if (base.status === 'fulfilled') {
        context.notes.push(
          `status: 1 s poll ${baseCount} requests (${base.value.polls} sent) over a ${(base.value.uploadMs / 1000).toFixed(1)} s upload`,
        );
      }
      const baseCell = base.status === 'fulfilled' ? `${baseCount} (1 s poll)` : `n/a (${reason(base.reason)})`;
      if (ours.status === 'rejected') rows.push(unavailable(runningMetric, reason(ours.reason), '–', baseCell));
      else {
        rows.push({
          metric: runningMetric,
          ours: String(oursCount),
          baseline: baseCell,
          ratio: baseCount ? `${(oursCount! / baseCount).toFixed(2)}×` : '–',
          target: '–',
          met: 'n/a',
        });
      }
    } finally {
      await emulator.setFaults({ bandwidthBytesPerSecond: 0 });
    }

    // ── an idle task, visible then hidden ──
    // The visible window is the control: it shows the watcher still polls an idle task, so a
    // 0 while hidden means paused, not merely backed off past the window.
    try {
      const oursKey = await tab.baseline('beginIdleTask', [target, name('idle-ours'), 64 * MiB], 30_000);
      const baseKey = await tab.baseline('beginIdleTask', [target, name('idle-poll'), 64 * MiB], 30_000);
      let oursError: string | undefined = missing;
      if (!oursError) {
        await tab.ours('watchIdle', [{ target, confirmKey: oursKey, windowMs }], 30_000).catch((error: unknown) => {
          oursError = reason(error);
        });
      }
      const perMinute = async () => {
        const oursBefore = await emulator.statusCalls(oursKey);
        const baseBefore = await emulator.statusCalls(baseKey);
        await tab.baseline('fixedPollFor', [{ target, confirmKey: baseKey, windowMs }], windowMs + 30_000);
        const rate = (n: number) => (n * 60_000) / windowMs;
        return {
          ours: rate((await emulator.statusCalls(oursKey)) - oursBefore),
          base: rate((await emulator.statusCalls(baseKey)) - baseBefore),
        };
      };
      const visible = await perMinute();
      await tab.baseline('setHidden', [true], 5_000);
      const hidden = await perMinute();
      await tab.baseline('setHidden', [false], 5_000);
      if (!oursError) await tab.ours('unmountAll', [], 5_000);
      context.notes.push(
        'hidden tab: emulated by overriding document.visibilityState/hidden and dispatching visibilitychange; ' +
          `each window ${windowMs / 1000} s, on idle tasks (begun, nothing sent)`,
      );
      const rateRow = (metric: string, rates: { ours: number; base: number }, goal: string, ok?: boolean): Row => {
        const baseCell = `${rates.base.toFixed(1)} /min (1 s poll)`;
        if (oursError) return unavailable(metric, oursError, goal, baseCell);
        return {
          metric,
          ours: `${rates.ours.toFixed(1)} /min`,
          baseline: baseCell,
          ratio: rates.base ? `${(rates.ours / rates.base).toFixed(2)}×` : '–',
          target: goal,
          met: verdict(ok),
        };
      };
      rows.push(
        rateRow(visibleMetric, visible, '–'),
        rateRow(hiddenMetric, hidden, hiddenTarget, hidden.ours === 0),
      );
    } catch (error) {
      rows.push(unavailable(visibleMetric, reason(error), '–'), unavailable(hiddenMetric, reason(error), hiddenTarget));
    }
    return rows;
  });
}
