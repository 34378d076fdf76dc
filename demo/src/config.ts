// What the demo's server tells the browser about the library (GET /demo-api/config). It never
// includes the library secret: the browser gets access tokens from /demo-api/token instead.
export interface PortalConfig {
  mode: 'emulator' | 'smh';
  baseUrl: string;
  libraryId: string;
  spaceId: string;
  userId?: string;
  /** The emulator's admin routes are reachable: show the fault panel. */
  faults: boolean;
}

export async function loadConfig(signal?: AbortSignal): Promise<PortalConfig> {
  const response = await fetch('/demo-api/config', { signal: signal ?? null });
  if (!response.ok) throw new Error(`The portal's configuration could not be loaded (HTTP ${response.status}).`);
  return (await response.json()) as PortalConfig;
}
