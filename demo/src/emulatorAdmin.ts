// The emulator's admin routes (`/__emulator/*`, proxied to the app's own origin by demo/serve.ts),
// as TanStack Query options and plain calls. Only the demo's fault panel uses them (the file list
// asks SMH itself, so it works on a real library too).
import { queryOptions } from '@tanstack/react-query';
// Type-only: erased at build time, so nothing of the Node-only emulator reaches the browser.
import type { Faults } from 'react-smh-upload/emulator';

export type { Faults };

const ADMIN = '/__emulator';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${ADMIN}${path}`, {
    ...init,
    headers: init?.body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
  });
  const text = await response.text();
  if (!response.ok) {
    let message = `the emulator answered ${response.status}`;
    try {
      const body = JSON.parse(text) as { message?: string };
      if (body.message) message = body.message;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new Error(message);
  }
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export const emulatorKeys = {
  all: ['demo', 'emulator'] as const,
  faults: () => [...emulatorKeys.all, 'faults'] as const,
};

export const faultsQueryOptions = () =>
  queryOptions({
    queryKey: emulatorKeys.faults(),
    queryFn: () => call<Faults>('/faults'),
    // Others change faults too (another tab, a test, the 429 burst counting down).
    refetchInterval: 3_000,
  });

export const emulatorAdmin = {
  setFaults: (faults: Partial<Faults>) => call<Faults>('/faults', { method: 'POST', body: JSON.stringify(faults) }),
  expireCredentials: () => call<{ credentials: number }>('/expire-credentials', { method: 'POST', body: '{}' }),
  deleteFolder: (path: string) =>
    call<{ files: number; directories: number }>('/delete-folder', { method: 'POST', body: JSON.stringify({ path }) }),
};
