import { HttpError } from './http.js';
import type { Faults } from './types.js';

export const DEFAULT_FAULTS: Faults = {
  partFailureRate: 0,
  partFailureMode: '5xx',
  latencyMs: 0,
  bandwidthBytesPerSecond: 0,
  bandwidthScope: 'total',
  rateLimitNext: 0,
  seed: null,
};

/** mulberry32: small, fast, good enough to make fault decisions repeatable from a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bad(message: string): never {
  throw new HttpError(400, 'ParamInvalid', message);
}

/** Checks a partial fault update (from JSON or code) and returns it typed. */
export function validateFaults(input: unknown): Partial<Faults> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) bad('faults must be a JSON object');
  const out: Partial<Faults> = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    switch (key) {
      case 'partFailureRate':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1)) bad('partFailureRate must be a number from 0 to 1');
        out.partFailureRate = value;
        break;
      case 'partFailureMode':
        if (value !== '5xx' && value !== 'drop' && value !== 'mixed') bad('partFailureMode must be "5xx", "drop" or "mixed"');
        out.partFailureMode = value;
        break;
      case 'latencyMs':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 600_000) bad('latencyMs must be 0..600000');
        out.latencyMs = value;
        break;
      case 'bandwidthBytesPerSecond':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) bad('bandwidthBytesPerSecond must be ≥ 0');
        if (value > 0 && value < 1024) bad('bandwidthBytesPerSecond must be 0 (off) or at least 1024');
        out.bandwidthBytesPerSecond = value;
        break;
      case 'bandwidthScope':
        if (value !== 'total' && value !== 'connection') bad('bandwidthScope must be "total" or "connection"');
        out.bandwidthScope = value;
        break;
      case 'rateLimitNext':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) bad('rateLimitNext must be a whole number ≥ 0');
        out.rateLimitNext = value;
        break;
      case 'seed':
        if (value !== null && (typeof value !== 'number' || !Number.isInteger(value))) bad('seed must be an integer or null');
        out.seed = value;
        break;
      default:
        bad(`unknown fault "${key}"`);
    }
  }
  return out;
}

export type PartFault = 'none' | '5xx' | 'drop';

/** The fault settings in force plus the random source and the shared bandwidth clock. */
export class FaultState {
  current: Faults;
  #random: () => number;
  /** When the shared (total) bandwidth budget is next free, in ms (performance clock). */
  #sharedFreeAt = 0;

  constructor(initial: Partial<Faults>) {
    this.current = { ...DEFAULT_FAULTS, ...validateFaults(initial) };
    this.#random = this.#makeRandom();
  }

  #makeRandom(): () => number {
    return this.current.seed === null ? Math.random : mulberry32(this.current.seed);
  }

  update(partial: Partial<Faults>): Faults {
    const checked = validateFaults(partial);
    this.current = { ...this.current, ...checked };
    // Setting the seed (even to the same value) restarts the sequence: that is what makes a run repeatable.
    if ('seed' in checked) this.#random = this.#makeRandom();
    return this.current;
  }

  /** Decides the fate of one part PUT. */
  partFault(): PartFault {
    const { partFailureRate, partFailureMode } = this.current;
    if (partFailureRate <= 0) return 'none';
    if (this.#random() >= partFailureRate) return 'none';
    if (partFailureMode === 'mixed') return this.#random() < 0.5 ? '5xx' : 'drop';
    return partFailureMode;
  }

  /** Consumes one from the 429 burst; true if this call must be refused. */
  takeRateLimit(): boolean {
    if (this.current.rateLimitNext <= 0) return false;
    this.current = { ...this.current, rateLimitNext: this.current.rateLimitNext - 1 };
    return true;
  }

  /**
   * A pacer for one upload body. Bytes are scheduled on a virtual clock: with the `total` scope one
   * clock is shared by all connections, so together they never beat the cap; with `connection` each
   * body has its own. `extraLimit` (bytes/s, from x-cos-traffic-limit) applies to this body alone.
   */
  pacer(extraLimit = 0): (bytes: number) => number {
    let ownFreeAt = 0;
    let limitFreeAt = 0;
    return (bytes: number) => {
      const now = performance.now();
      let wait = 0;
      const cap = this.current.bandwidthBytesPerSecond;
      if (cap > 0) {
        const cost = (bytes / cap) * 1000;
        if (this.current.bandwidthScope === 'total') {
          this.#sharedFreeAt = Math.max(this.#sharedFreeAt, now) + cost;
          wait = this.#sharedFreeAt - now;
        } else {
          ownFreeAt = Math.max(ownFreeAt, now) + cost;
          wait = ownFreeAt - now;
        }
      }
      if (extraLimit > 0) {
        limitFreeAt = Math.max(limitFreeAt, now) + (bytes / extraLimit) * 1000;
        wait = Math.max(wait, limitFreeAt - now);
      }
      return wait;
    };
  }
}
