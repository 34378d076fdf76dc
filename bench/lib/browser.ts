// Debian's Chromium through playwright-core (never a downloaded browser), one fresh page per
// scenario so a heap or a stuck upload never leaks into the next one.
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../vitest.config';
import type { BaselineApi, OursApi } from '../page/protocol';
import { withTimeout } from './util';

export interface BenchBrowser {
  /** Opens the bench page; both bundles have run when it resolves. */
  open(): Promise<BenchTab>;
  close(): Promise<void>;
}

export interface BenchTab {
  page: Page;
  cdp: CDPSession;
  /** Calls `window.benchBaseline[name](...args)` in the page, failing after `timeoutMs`. */
  baseline<K extends keyof BaselineApi>(
    name: K,
    args: Parameters<BaselineApi[K]>,
    timeoutMs: number,
  ): Promise<Awaited<ReturnType<BaselineApi[K]>>>;
  ours<K extends keyof OursApi>(name: K, args: Parameters<OursApi[K]>, timeoutMs: number): Promise<Awaited<ReturnType<OursApi[K]>>>;
  /** JS heap in use on the page's main thread (CDP Runtime.getHeapUsage). */
  heapUsed(): Promise<number>;
  gc(): Promise<void>;
  close(): Promise<void>;
}

export async function launchBrowser(pageUrl: string): Promise<BenchBrowser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
    timeout: 60_000,
  });
  return {
    async open() {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      // Kept for error messages. Query strings are dropped: SMH URLs carry the access token.
      const failed: string[] = [];
      page.on('requestfailed', (request) => {
        const url = new URL(request.url());
        failed.push(`${request.method()} ${url.host}${url.pathname}: ${request.failure()?.errorText ?? 'failed'}`);
        if (failed.length > 3) failed.shift();
      });
      await page.goto(pageUrl, { waitUntil: 'load', timeout: 60_000 });
      await page.waitForFunction(() => window.benchBaseline && (window.benchOurs || window.benchOursError), undefined, {
        timeout: 30_000,
      }).catch(() => {
        throw new Error(`bench page did not start: ${errors.join('; ') || 'no error reported'}`);
      });
      const cdp = await page.context().newCDPSession(page);
      const call = async (side: 'benchBaseline' | 'benchOurs', name: string, args: unknown[], timeoutMs: number) => {
        const run = page.evaluate(
          async ([s, n, a]) => {
            const api = window[s as 'benchBaseline' | 'benchOurs'] as unknown as Record<string, (...x: unknown[]) => unknown> | undefined;
            if (!api) throw new Error(window.benchOursError ? `our bundle did not build: ${window.benchOursError}` : `${s} missing`);
            return api[n as string]!(...(a as unknown[]));
          },
          [side, name, args] as const,
        );
        failed.length = 0;
        try {
          return await withTimeout(run, timeoutMs, `${name} did not finish within ${Math.round(timeoutMs / 1000)} s`);
        } catch (error) {
          if (failed.length === 0 || !(error instanceof Error)) throw error;
          throw new Error(`${error.message.split('\n')[0]} [failed requests: ${failed.join('; ')}]`, { cause: error });
        }
      };
      return {
        page,
        cdp,
        baseline: (name, args, timeoutMs) => call('benchBaseline', name, args, timeoutMs) as never,
        ours: (name, args, timeoutMs) => call('benchOurs', name, args, timeoutMs) as never,
        async heapUsed() {
          const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
          return usage.usedSize;
        },
        async gc() {
          await cdp.send('HeapProfiler.collectGarbage');
        },
        async close() {
          await page.close({ runBeforeUnload: false }).catch(() => undefined);
        },
      };
    },
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
