import type { BenchBrowser, BenchTab } from './browser';
import type { BenchEmulator } from './emulator';

export interface Context {
  quick: boolean;
  /** Unique per run, so object names never clash with an earlier run's. */
  runId: string;
  notes: string[];
  browser(): Promise<BenchBrowser>;
  /** Throws (NotBuiltError or the start failure) when the emulator is not available. */
  emulator(): Promise<BenchEmulator>;
}

/** Opens a fresh tab for one scenario and always closes it. */
export async function withTab<T>(context: Context, body: (tab: BenchTab) => Promise<T>): Promise<T> {
  const tab = await (await context.browser()).open();
  try {
    return await body(tab);
  } finally {
    await tab.close();
  }
}

/** Which of our pieces the page could not find, or why our bundle did not build. */
export async function oursMissing(tab: BenchTab, needed: readonly string[]): Promise<string | undefined> {
  const buildError = await tab.page.evaluate(() => window.benchOursError);
  if (buildError) return `our bundle did not build: ${buildError}`;
  const missing = (await tab.ours('missing', [], 10_000)).filter((name) => needed.includes(name));
  return missing.length ? `not built yet: ${missing.join(', ')}` : undefined;
}
