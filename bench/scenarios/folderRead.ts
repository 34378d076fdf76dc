// Scenario folderRead: a 10,000-file nested folder dropped on UploadDropzone, timed from the drop
// to the first part PUT on the wire, with the longest main-thread task meanwhile. Baseline in the
// same run: a naive reader that walks the whole tree (every readEntries batch, every file()) and
// only then adds the files. The tree is built in the page (bench/page/folderRead.tsx).
import type { FolderReadResult } from '../page/protocol';
import { oursMissing, withTab, type Context } from '../lib/context';
import { type Row, unavailable, verdict } from '../lib/table';
import { reason } from '../lib/util';

const LONG_TASK_TARGET_MS = 50;

const show = (name: string, r: FolderReadResult | string) =>
  typeof r === 'string'
    ? `${name}: n/a (${r})`
    : `${name}: first PUT ${r.firstPutMs.toFixed(0)} ms, all files queued ${r.readMs.toFixed(0)} ms, ${r.longTasks} long tasks, longest ${r.longestTaskMs.toFixed(0)} ms`;

export async function runFolderRead(context: Context): Promise<Row[]> {
  const files = context.quick ? 2_000 : 10_000;
  const firstMetric = `folder drop → first part PUT (${files.toLocaleString('en')} files)`;
  const taskMetric = `longest main-thread task while reading (${files.toLocaleString('en')} files)`;
  let emulator;
  try {
    emulator = await context.emulator();
  } catch (error) {
    return [unavailable(firstMetric, reason(error), 'before the read ends'), unavailable(taskMetric, reason(error), `< ${LONG_TASK_TARGET_MS} ms`)];
  }
  const { target } = emulator;
  return withTab(context, async (tab) => {
    const missing = await oursMissing(tab, ['createUpload']);
    const run = async (reader: 'ours' | 'naive'): Promise<FolderReadResult | string> => {
      if (missing) return missing;
      try {
        return await tab.ours('folderRead', [{ target, files, reader, name: `${context.runId}-${reader}` }], 300_000);
      } catch (error) {
        return reason(error);
      }
    };
    const naive = await run('naive');
    const ours = await run('ours');
    context.notes.push(`folder read: ${show('ours', ours)}`, `folder read: ${show('naive read-all-then-add', naive)}`);
    if (typeof ours === 'string') {
      return [unavailable(firstMetric, ours, 'before the read ends'), unavailable(taskMetric, ours, `< ${LONG_TASK_TARGET_MS} ms`)];
    }
    const base = typeof naive === 'string' ? undefined : naive;
    return [
      {
        metric: firstMetric,
        ours: `${ours.firstPutMs.toFixed(0)} ms (read ends ${ours.readMs.toFixed(0)} ms)`,
        baseline: base ? `${base.firstPutMs.toFixed(0)} ms naive read-all` : `n/a (${String(naive)})`,
        ratio: base ? `${(ours.firstPutMs / base.firstPutMs).toFixed(2)}×` : '–',
        target: 'before the read ends',
        met: verdict(ours.firstPutMs < ours.readMs),
      },
      {
        metric: taskMetric,
        ours: ours.longTasks === 0 ? 'none > 50 ms' : `${ours.longestTaskMs.toFixed(0)} ms (${ours.longTasks} long tasks)`,
        baseline: base ? (base.longTasks === 0 ? 'none > 50 ms' : `${base.longestTaskMs.toFixed(0)} ms (${base.longTasks})`) : '–',
        ratio: '–',
        target: `< ${LONG_TASK_TARGET_MS} ms`,
        met: verdict(ours.longTasks === 0),
      },
    ];
  });
}
