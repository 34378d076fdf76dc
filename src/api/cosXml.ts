// COS answers a refused part with an XML body (docs/smh-protocol.md §5, C-ERR):
// <Error><Code/><Message/><Resource/><RequestId/><TraceId/></Error>
// Read with a few regular expressions instead of DOMParser so it also runs in Node and workers.
import { CosError, redactSecrets, type SmhErrorDetails } from './errors';

export interface CosErrorXml {
  code?: string;
  message?: string;
  resource?: string;
  requestId?: string;
  traceId?: string;
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const codePoint =
        entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      return codePoint >= 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function elementText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}\\s*>`, 'i').exec(xml);
  if (!match) return undefined;
  // CDATA sections are literal; the text between them is entity-encoded.
  const raw = match[1] ?? '';
  let out = '';
  let rest = raw;
  for (;;) {
    const start = rest.indexOf('<![CDATA[');
    if (start === -1) {
      out += decodeEntities(rest);
      break;
    }
    const end = rest.indexOf(']]>', start + 9);
    out += decodeEntities(rest.slice(0, start));
    if (end === -1) {
      out += rest.slice(start + 9);
      break;
    }
    out += rest.slice(start + 9, end);
    rest = rest.slice(end + 3);
  }
  const trimmed = out.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Reads COS's XML error body; fields that are missing or empty are left out. `undefined` if it is not one. */
export function parseCosErrorXml(text: string): CosErrorXml | undefined {
  if (!/<Error[\s>]/i.test(text)) return undefined;
  const fields: CosErrorXml = {};
  const code = elementText(text, 'Code');
  const message = elementText(text, 'Message');
  const resource = elementText(text, 'Resource');
  const requestId = elementText(text, 'RequestId');
  const traceId = elementText(text, 'TraceId');
  if (code !== undefined) fields.code = code;
  if (message !== undefined) fields.message = message;
  if (resource !== undefined) fields.resource = resource;
  if (requestId !== undefined) fields.requestId = requestId;
  if (traceId !== undefined) fields.traceId = traceId;
  return fields;
}

export type ResponseHeadersLike = Headers | Readonly<Record<string, string | undefined>>;

/** Case-insensitive header lookup on a `Headers` or a plain record (XHR transports give records). */
export function headerValue(headers: ResponseHeadersLike | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string | undefined>)) {
    if (key.toLowerCase() === lower && value !== undefined) return value;
  }
  return undefined;
}

/**
 * Builds the `CosError` for a non-2xx COS reply. The code is COS's `Code`, or `Http{status}` when
 * the body was not COS's XML (a proxy page, an empty body, a CORS-hidden reply). The message keeps
 * COS's own text because `CosError.isExpired` looks for "Request has expired" in it.
 */
export function cosErrorFromResponse(
  status: number,
  bodyText: string,
  headers?: ResponseHeadersLike,
  details: SmhErrorDetails = {},
): CosError {
  const parsed = parseCosErrorXml(bodyText);
  const code = parsed?.code ?? `Http${status}`;
  const requestId = parsed?.requestId ?? headerValue(headers, 'x-cos-request-id');
  const what = details.method ? ` for ${details.method} ${describeUrl(details.url)}` : '';
  const reason = parsed?.message
    ? `: ${parsed.message}`
    : parsed
      ? ''
      : ` without COS's XML error body${bodyText.trim() ? ` (body starts: ${JSON.stringify(bodyText.trim().slice(0, 80))})` : ''}`;
  const ids = [requestId && `request id ${requestId}`, parsed?.traceId && `trace id ${parsed.traceId}`]
    .filter(Boolean)
    .join(', ');
  const message = redactSecrets(
    `COS returned ${status}${code === `Http${status}` ? '' : ` ${code}`}${what}${reason}${ids ? ` (${ids})` : ''}.`,
  );
  return new CosError(message, {
    status,
    code,
    requestId,
    method: details.method,
    url: details.url === undefined ? undefined : redactSecrets(details.url),
    cause: details.cause,
  });
}

function describeUrl(url: string | undefined): string {
  if (url === undefined) return 'a part';
  return redactSecrets(url);
}
