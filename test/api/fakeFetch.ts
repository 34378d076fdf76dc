// A `fetch` stand-in that records each request and answers from a queue of replies.
export interface RecordedRequest {
  method: string;
  url: URL;
  /** The raw URL string, to check encoding exactly as sent. */
  rawUrl: string;
  headers: Headers;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

export type FakeReply =
  | { status: number; body?: string | object; headers?: Record<string, string> }
  | ((request: RecordedRequest) => Response | Promise<Response>);

export interface FakeFetch {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  reply(...replies: FakeReply[]): void;
}

function toResponse(reply: Exclude<FakeReply, (...args: never[]) => unknown>): Response {
  const body = reply.body === undefined ? null : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  // 204 and friends may not carry a body.
  const nullBody = reply.status === 204 || reply.status === 205 || reply.status === 304;
  return new Response(nullBody ? null : body, { status: reply.status, headers: reply.headers });
}

export function createFakeFetch(): FakeFetch {
  const queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const fake = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const rawUrl = String(input);
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url: new URL(rawUrl),
      rawUrl,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
      signal: init.signal ?? undefined,
    };
    requests.push(request);
    init.signal?.throwIfAborted();
    const next = queue.shift();
    if (next === undefined) throw new Error(`fake fetch: no reply queued for ${request.method} ${rawUrl}`);
    return typeof next === 'function' ? next(request) : toResponse(next);
  };
  return {
    fetch: fake as typeof fetch,
    requests,
    reply: (...replies) => queue.push(...replies),
  };
}
