import { describe, expect, it } from 'vitest';
import { CosError, SmhNetworkError } from '../../src/api/errors';
import { createXhrTransport } from '../../src/core/transport';
import { FakeXhr, request, withFakeXhr } from './support/fakeXhr';

describe('XHR transport replies', () => {
  it(
    'takes a load with status 0 (no HTTP reply reached the page) as a network error, not a COS error',
    withFakeXhr(async () => {
      const sending = createXhrTransport().send(request()).catch((e: unknown) => e);
      FakeXhr.last!.respond(0);
      const error = await sending;
      expect(error).toBeInstanceOf(SmhNetworkError);
      expect(error).not.toBeInstanceOf(CosError);
    }),
  );

  it(
    "takes a non-2xx reply as COS's error, with its status and code",
    withFakeXhr(async () => {
      const sending = createXhrTransport().send(request()).catch((e: unknown) => e);
      const xhr = FakeXhr.last!;
      xhr.responseText = '<Error><Code>AccessDenied</Code><Message>denied</Message><RequestId>r1</RequestId></Error>';
      xhr.respond(403);
      expect(await sending).toMatchObject({ name: 'CosError', status: 403, code: 'AccessDenied' });
    }),
  );
});
