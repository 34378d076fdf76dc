// @vitest-environment node
// Importing the package and rendering its provider and hooks on a server touches no browser global.
import { createElement, type ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Reading any of these during import or a server render would break SSR or hydration.
const BROWSER_ONLY = [
  'document',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'requestAnimationFrame',
  'XMLHttpRequest',
  'navigator',
] as const;

const touched = new Set<string>();
const saved = new Map<string, PropertyDescriptor | undefined>();

beforeAll(() => {
  for (const name of BROWSER_ONLY) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.add(name);
        return undefined;
      },
    });
  }
});

afterAll(() => {
  for (const [name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor);
    else delete (globalThis as Record<string, unknown>)[name];
  }
});

describe('on a server', () => {
  it('runs with no window', () => {
    expect(typeof window).toBe('undefined');
  });

  it('imports the package without reading a browser global', async () => {
    const lib = await import('../../src/index');
    expect(lib.SmhUploadProvider).toBeTypeOf('function');
    expect(lib.useUploadStatus).toBeTypeOf('function');
    expect([...touched]).toEqual([]);
  });

  it('renders the provider and every hook to a string without reading a browser global', async () => {
    const { renderToString } = await import('react-dom/server');
    const { QueryClient, QueryClientProvider } = await import('@tanstack/react-query');
    const lib = await import('../../src/index');
    const client = lib.createSmhClient({ baseUrl: 'https://lib.smh.test', libraryId: 'smhtest', accessToken: 'token' });

    function Probe(): ReactNode {
      const status = lib.useUploadStatus('ck-1');
      const uploads = lib.useUploads();
      const upload = lib.useUpload();
      const resumable = lib.useResumableUploads();
      const snapshot = lib.useUploadTask(upload.task);
      return createElement(
        'p',
        null,
        `status:${status.status} uploads:${uploads.tasks.length} resumable:${resumable.records.length} task:${snapshot?.state ?? 'none'}`,
      );
    }

    const html = renderToString(
      createElement(
        QueryClientProvider,
        { client: new QueryClient() },
        createElement(lib.SmhUploadProvider, { client }, createElement(Probe)),
      ),
    );
    expect(html).toContain('status:pending uploads:0 resumable:0 task:none');
    expect([...touched]).toEqual([]);
  });
});
