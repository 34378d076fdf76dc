import { mulberry32 } from './faults.js';

// Reply variance (`replyVariance` / `--reply-variance`): success replies reshaped the ways real SMH is
// allowed to vary them (docs/smh-protocol.md §12.2), so a client that leans on one exact shape fails
// against the emulator rather than in production. Decisions come from a seeded random source, so
// the same requests in the same order get the same shapes.

/** Fields Tencent's SDKs treat as optional (R-FLUTTER makes every field nullable; R-IOS omits some). */
const OPTIONAL_FIELDS = [
  'availableDomainNum', 'conflictResolutionStrategy', 'force', 'type', 'creationTime', 'metaData', 'fileType',
  'previewByDoc', 'previewByCI', 'previewAsIcon', 'virusAuditStatus',
];

/** Fields a newer SMH might add; a client must ignore what it does not know. */
const EXTRA_FIELDS: [string, unknown][] = [
  ['versionId', 1],
  ['internalDomain', false],
  ['extraInfo', { isRapidUpload: false }],
  ['contentCas', 'cas-emulator-0'],
];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ReplyVariance {
  readonly #random: () => number;

  constructor(seed: number) {
    this.#random = mulberry32(seed);
  }

  #chance(): boolean {
    return this.#random() < 0.5;
  }

  /** Fisher–Yates over the keys: the same fields, another order. */
  #shuffled(body: Json): Json {
    const keys = Object.keys(body);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(this.#random() * (i + 1));
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    return Object.fromEntries(keys.map((k) => [k, body[k]]));
  }

  /** Signed headers: `x-cos-traffic-limit` may come as a JSON number (D-RENEW's example). */
  #headers(headers: Json): Json {
    const out: Json = { ...headers };
    const limit = out['x-cos-traffic-limit'];
    if (typeof limit === 'string' && this.#chance()) out['x-cos-traffic-limit'] = Number(limit);
    return this.#shuffled(out);
  }

  /** A varied copy of a success reply body (upload info, status, file info, listings). */
  vary(body: Json): Json {
    const out: Json = { ...body };
    for (const field of OPTIONAL_FIELDS) {
      if (field in out && this.#chance()) delete out[field];
    }
    if (typeof out.availableDomainNum === 'number' && this.#chance()) out.availableDomainNum = String(out.availableDomainNum);
    if (isObject(out.headers)) out.headers = this.#headers(out.headers);
    if (isObject(out.uploadPartInfo)) {
      const info = { ...out.uploadPartInfo };
      if (isObject(info.headers)) info.headers = this.#headers(info.headers);
      out.uploadPartInfo = this.#shuffled(info);
    }
    const [name, value] = EXTRA_FIELDS[Math.floor(this.#random() * EXTRA_FIELDS.length)]!;
    if (!(name in out)) out[name] = value;
    return this.#shuffled(out);
  }
}
