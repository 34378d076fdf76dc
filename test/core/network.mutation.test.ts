// The browser's default network status, with a fake window: what an unsubscribed listener hears.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserNetwork } from '../../src/core/network';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('browserNetwork', () => {
  it('tells an unsubscribed listener nothing more, whether the device goes online or offline', () => {
    const target = new EventTarget();
    vi.stubGlobal('window', target);
    vi.stubGlobal('navigator', { onLine: true });
    const listener = vi.fn<(online: boolean) => void>();
    browserNetwork().subscribe(listener)();
    target.dispatchEvent(new Event('online'));
    target.dispatchEvent(new Event('offline'));
    expect(listener).not.toHaveBeenCalled();
  });
});
