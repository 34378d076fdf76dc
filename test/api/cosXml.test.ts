import { describe, expect, it } from 'vitest';
import { cosErrorFromResponse, parseCosErrorXml } from '../../src/api/cosXml';
import { CosError, isRetryable } from '../../src/api/errors';
import { makeCosErrorXml } from '../fixtures/smh';

describe('parseCosErrorXml', () => {
  it('reads every field of COS’s documented error body', () => {
    expect(parseCosErrorXml(makeCosErrorXml('AccessDenied', 'Request has expired', 'req-1'))).toEqual({
      code: 'AccessDenied',
      message: 'Request has expired',
      resource: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com/smhxxxx/object-key-0001',
      requestId: 'req-1',
      traceId: 'OGVmYzZiMmQ-trace',
    });
  });

  it('decodes entities, keeps CDATA literal and trims whitespace', () => {
    const xml = `<?xml version="1.0"?>
      <Error xmlns="http://example">
        <Code>
          InvalidArgument
        </Code>
        <Message>Bad &lt;part&gt; &amp; &quot;x&quot; &apos;y&apos; &#233;&#x4e2d;</Message>
        <Resource><![CDATA[/a&b<c>]]> tail</Resource>
      </Error>`;
    expect(parseCosErrorXml(xml)).toEqual({
      code: 'InvalidArgument',
      message: 'Bad <part> & "x" \'y\' é中',
      resource: '/a&b<c> tail',
    });
  });

  it('leaves out missing and empty fields', () => {
    expect(parseCosErrorXml('<Error><Code>NoSuchUpload</Code><Message/><RequestId></RequestId></Error>')).toEqual({ code: 'NoSuchUpload' });
  });

  it('returns undefined for a body that is not a COS error', () => {
    expect(parseCosErrorXml('')).toBeUndefined();
    expect(parseCosErrorXml('<html><body>502 Bad Gateway</body></html>')).toBeUndefined();
    expect(parseCosErrorXml('{"code":"x"}')).toBeUndefined();
  });
});

describe('cosErrorFromResponse', () => {
  it('builds an expired CosError from 403 "Request has expired", retryable after a renew', () => {
    const error = cosErrorFromResponse(403, makeCosErrorXml('AccessDenied', 'Request has expired', 'req-9'), undefined, {
      method: 'PUT',
      url: 'https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/k?partNumber=1&uploadId=u',
    });
    expect(error).toBeInstanceOf(CosError);
    expect(error).toMatchObject({ status: 403, code: 'AccessDenied', requestId: 'req-9', method: 'PUT' });
    expect(error.isExpired).toBe(true);
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toBe(
      'COS returned 403 AccessDenied for PUT https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/k?partNumber=1&uploadId=u: ' +
        'Request has expired (request id req-9, trace id OGVmYzZiMmQ-trace).',
    );
  });

  it('does not treat any other 403 as expired', () => {
    const error = cosErrorFromResponse(403, makeCosErrorXml('AccessDenied', 'Access Denied.'));
    expect(error.isExpired).toBe(false);
    expect(isRetryable(error)).toBe(false);
  });

  it('takes the request id from x-cos-request-id when the body has none, from Headers or a plain record', () => {
    const xml = '<Error><Code>InvalidPart</Code><Message>One or more parts could not be found.</Message></Error>';
    expect(cosErrorFromResponse(400, xml, new Headers({ 'x-cos-request-id': 'hdr-1' })).requestId).toBe('hdr-1');
    expect(cosErrorFromResponse(400, xml, { 'X-Cos-Request-Id': 'hdr-2' }).requestId).toBe('hdr-2');
  });

  it('uses Http{status} when the body is not COS’s XML, and 5xx stays retryable', () => {
    const error = cosErrorFromResponse(502, '<html>Bad Gateway</html>');
    expect(error).toMatchObject({ status: 502, code: 'Http502' });
    expect(error.message).toBe('COS returned 502 without COS\'s XML error body (body starts: "<html>Bad Gateway</html>").');
    expect(isRetryable(error)).toBe(true);
    expect(cosErrorFromResponse(0, '').message).toBe("COS returned 0 without COS's XML error body.");
  });

  it('keeps signatures and security tokens out of the message and url', () => {
    const url = 'https://b.cos.ap-beijing.myqcloud.com/k?partNumber=1&uploadId=u&q-signature=abcdef&x-cos-security-token=tok123';
    const body = makeCosErrorXml('SignatureDoesNotMatch', 'The signature q-signature=abcdef does not match');
    const error = cosErrorFromResponse(403, body, undefined, { method: 'PUT', url });
    const shown = [String(error), error.url, JSON.stringify(error)].join('\n');
    expect(shown).not.toContain('abcdef');
    expect(shown).not.toContain('tok123');
    expect(error.url).toBe('https://b.cos.ap-beijing.myqcloud.com/k?partNumber=1&uploadId=u&q-signature=[redacted]&x-cos-security-token=[redacted]');
  });
});

describe('reading COS’s error body, edge by edge', () => {
  it('decodes upper-case hex references and the highest code point, and leaves an out-of-range one as written', () => {
    const parsed = parseCosErrorXml('<Error><Message>&#X4E2D;&#x10FFFF; &#x110000; &#99999999;</Message></Error>');
    expect(parsed?.message).toBe('中\u{10FFFF} &#x110000; &#99999999;');
  });

  it('reads element names in any case', () => {
    expect(parseCosErrorXml('<error><code>NoSuchUpload</code><requestid>r-1</requestid></error>')).toEqual({ code: 'NoSuchUpload', requestId: 'r-1' });
  });

  it('keeps the rest of an unterminated CDATA section literally', () => {
    expect(parseCosErrorXml('<Error><Message>a &amp; <![CDATA[b &amp; <c>]]] </Message></Error>')?.message).toBe('a & b &amp; <c>]]]');
  });

  it('leaves missing fields out of the result, not present as undefined', () => {
    expect(Object.keys(parseCosErrorXml('<Error><Code>NoSuchUpload</Code></Error>')!)).toEqual(['code']);
    expect(Object.keys(parseCosErrorXml('<Error></Error>')!)).toEqual([]);
  });
});

describe('the CosError message', () => {
  it('names the part when the url is unknown, and ends after the code when COS gave no message', () => {
    const error = cosErrorFromResponse(404, '<Error><Code>NoSuchUpload</Code><RequestId>r-2</RequestId></Error>', undefined, { method: 'PUT' });
    expect(error.message).toBe('COS returned 404 NoSuchUpload for PUT a part (request id r-2).');
  });

  it('shows a non-XML body without its surrounding whitespace, and a blank one not at all', () => {
    expect(cosErrorFromResponse(502, '\n  <html>Bad Gateway</html>\n').message).toBe(
      'COS returned 502 without COS\'s XML error body (body starts: "<html>Bad Gateway</html>").',
    );
    expect(cosErrorFromResponse(502, ' \r\n ').message).toBe("COS returned 502 without COS's XML error body.");
  });

  it('shows at most the first 80 characters of a long non-XML body', () => {
    const body = `  ${'x'.repeat(80)}TAIL`;
    expect(cosErrorFromResponse(502, body).message).toBe(`COS returned 502 without COS's XML error body (body starts: "${'x'.repeat(80)}").`);
  });

  it('finds x-cos-request-id among other headers of a plain record, skipping an undefined value', () => {
    const headers = { 'Content-Type': 'application/xml', 'x-cos-request-id': undefined, 'X-COS-REQUEST-ID': 'hdr-3' };
    expect(cosErrorFromResponse(503, '', headers).requestId).toBe('hdr-3');
    expect(cosErrorFromResponse(503, '', { 'Content-Type': 'text/html' }).requestId).toBeUndefined();
  });
});
