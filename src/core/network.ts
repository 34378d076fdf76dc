// Whether the device is online, injected like TanStack Query's `onlineManager` (which fits this
// shape as it is): the retry policy waits for the network instead of spending retries while the
// browser is offline. The browser default reads `navigator.onLine` and listens to `online` /
// `offline`, looked up when called, so importing this on a server touches no global.
import type { NetworkStatus } from './types';

function browserOnline(): boolean {
  return typeof navigator !== 'object' || navigator === null || navigator.onLine !== false;
}

/** `navigator.onLine` and the window's `online`/`offline` events; always online where there are none (SSR, Node). */
export function browserNetwork(): NetworkStatus {
  return {
    isOnline: browserOnline,
    subscribe(listener) {
      const target = typeof window === 'object' && window !== null && typeof window.addEventListener === 'function' ? window : undefined;
      if (!target) return () => {};
      const onChange = () => listener(browserOnline());
      target.addEventListener('online', onChange);
      target.addEventListener('offline', onChange);
      return () => {
        target.removeEventListener('online', onChange);
        target.removeEventListener('offline', onChange);
      };
    },
  };
}
