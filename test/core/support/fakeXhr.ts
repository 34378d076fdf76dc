// Test doubles for the part transports: a part request, and just enough XMLHttpRequest (the test
// fires its events) for createXhrTransport.
import { vi } from 'vitest';
import type { PartRequest } from '../../../src/core/types';

/** A 10-byte part PUT to a COS-like URL; `overrides` replace any field. */
export function request(overrides: Partial<PartRequest> = {}): PartRequest {
  return {
    url: 'https://cos.example.com/k?partNumber=1&uploadId=u',
    method: 'PUT',
    headers: { Authorization: 'q-signature=SECRETSIG', 'Content-Type': 'application/octet-stream' },
    body: new Blob([new Uint8Array(10)]),
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** Just enough XMLHttpRequest for the transport: the test fires its events. */
export class FakeXhr {
  static last: FakeXhr | undefined;
  readonly upload = new EventTarget();
  private readonly events = new EventTarget();
  status = 0;
  responseText = '';
  aborted = false;
  constructor() {
    FakeXhr.last = this;
  }
  open(): void {}
  setRequestHeader(): void {}
  send(): void {}
  headers = 'etag: "abc"\r\n';
  getAllResponseHeaders(): string {
    return this.headers;
  }
  addEventListener(type: string, listener: () => void): void {
    this.events.addEventListener(type, listener);
  }
  abort(): void {
    this.aborted = true;
    this.events.dispatchEvent(new Event('abort'));
  }
  progress(loaded: number): void {
    this.upload.dispatchEvent(Object.assign(new Event('progress'), { loaded }));
  }
  bodySent(): void {
    this.upload.dispatchEvent(new Event('load'));
  }
  respond(status: number): void {
    this.status = status;
    this.events.dispatchEvent(new Event('load'));
  }
}

export function withFakeXhr(test: () => Promise<void>) {
  return async () => {
    vi.useFakeTimers();
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    try {
      await test();
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  };
}
