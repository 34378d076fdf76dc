// The COS credentials of a multipart task and their renewal (docs/smh-protocol.md §4.4, §5):
// watched with the server's clock, renewed `renewBeforeMs` before `expiration` (on the keeper's own
// timer, so a renewal happens even while every connection is busy with a long part) or after COS
// says "Request has expired", and renewed once for all parts that need it (one promise in flight).
import type { SmhClient, UploadPartInfo } from '../../api/types';
import { raceAbort } from '../abort';
import type { Clock } from '../types';

/**
 * Browsers and Node fire a timer at once when its delay exceeds 2^31 − 1 ms (about 24.8 days), so
 * a far-off renewal waits in steps no longer than this and looks again when each one fires.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export type Credentials = Pick<UploadPartInfo, 'domain' | 'path' | 'uploadId' | 'headers' | 'expiration'>;

export interface CredentialKeeperOptions {
  client: SmhClient;
  confirmKey: string;
  credentials: Credentials;
  renewBeforeMs: number;
  /** Local time and the renewal timer. */
  clock: Clock;
  /**
   * Calls `client.renewUpload` with the engine's retry policy; the keeper adds the sharing.
   * Resolves with the fresh credentials.
   */
  renew: (signal: AbortSignal) => Promise<Credentials>;
  /** Told when a renewal starts and ends (the task shows `renewing`). */
  onRenewing?: (renewing: boolean) => void;
}

export class CredentialKeeper {
  private creds: Credentials;
  private inFlight: Promise<Credentials> | undefined;
  private controller: AbortController | undefined;
  /** Server time minus local time, from the latest COS `Date` header. */
  private cosOffset: number | undefined;
  /** How long before expiry to renew these credentials. */
  private margin: number;
  /** The run the timer renews for (`watch`), and the timer itself. */
  private watching: AbortSignal | undefined;
  private timer: unknown;

  constructor(private readonly options: CredentialKeeperOptions) {
    this.creds = options.credentials;
    this.margin = this.marginFor(this.creds);
  }

  /**
   * `renewBeforeMs`, or half the lifetime of credentials issued for less than that (INFERRED: SMH
   * does not document how long they last); otherwise short-lived credentials would be renewed
   * before every part.
   */
  private marginFor(credentials: Credentials): number {
    const lifetime = Date.parse(credentials.expiration) - this.serverNow();
    if (Number.isNaN(lifetime)) return this.options.renewBeforeMs;
    return Math.min(this.options.renewBeforeMs, Math.max(0, lifetime / 2));
  }

  get current(): Credentials {
    return this.creds;
  }

  /** Takes credentials from elsewhere (a status reply). */
  replace(credentials: Credentials): void {
    this.creds = credentials;
    this.margin = this.marginFor(credentials);
    this.rearm();
  }

  /**
   * Records the server's clock from a COS `Date` header read at local time `localNow`. True when it
   * moved the estimate by more than the header's 1 s resolution (a renewal timer should be reset).
   */
  observeServerDate(serverMs: number, localNow: number): boolean {
    const before = this.cosOffset ?? this.options.client.serverTimeOffset();
    this.cosOffset = serverMs - localNow;
    const moved = Math.abs(this.cosOffset - before) > 1_000;
    if (moved) this.rearm();
    return moved;
  }

  /** The server's time now: COS's `Date` when seen, else SMH's (`client.serverTimeOffset()`). */
  serverNow(): number {
    return this.options.clock.now() + (this.cosOffset ?? this.options.client.serverTimeOffset());
  }

  /** Milliseconds until the credentials should be renewed (≤ 0: now). */
  msUntilRenewal(): number {
    const expires = Date.parse(this.creds.expiration);
    // An unreadable expiration is treated as "renew now" rather than "valid forever".
    if (Number.isNaN(expires)) return 0;
    return expires - this.margin - this.serverNow();
  }

  /**
   * Fresh-enough credentials for the next part: renews first when they are near expiry, and waits
   * for a renewal already under way.
   */
  async ready(signal: AbortSignal): Promise<Credentials> {
    if (this.inFlight) return this.join(signal);
    if (this.msUntilRenewal() <= 0) return this.renewFrom(this.creds, signal);
    return this.creds;
  }

  /**
   * Renews because `stale` was refused. If someone already replaced `stale`, their credentials are
   * used without another call; if a renewal is under way, it is joined.
   */
  renewFrom(stale: Credentials, signal: AbortSignal): Promise<Credentials> {
    if (this.creds !== stale && !this.inFlight) return Promise.resolve(this.creds);
    if (this.inFlight) return this.join(signal);
    const controller = new AbortController();
    this.controller = controller;
    this.options.onRenewing?.(true);
    const promise = this.options.renew(controller.signal).then(
      (fresh) => {
        if (this.inFlight === promise) {
          this.creds = fresh;
          this.margin = this.marginFor(fresh);
          this.inFlight = undefined;
          this.controller = undefined;
          this.options.onRenewing?.(false);
          this.rearm();
        }
        return fresh;
      },
      (error: unknown) => {
        if (this.inFlight === promise) {
          this.inFlight = undefined;
          this.controller = undefined;
          this.options.onRenewing?.(false);
        }
        throw error;
      },
    );
    this.inFlight = promise;
    return this.join(signal);
  }

  /**
   * Renews on a timer ahead of expiry until `signal` aborts or `unwatch()`. A renewal that fails
   * here is not final: the next part renews again (and fails the task) when it needs to.
   */
  watch(signal: AbortSignal): void {
    this.watching = signal;
    this.rearm();
  }

  unwatch(): void {
    this.watching = undefined;
    this.clearTimer();
  }

  private rearm(): void {
    this.clearTimer();
    const signal = this.watching;
    if (!signal || signal.aborted || this.inFlight) return;
    const wait = this.msUntilRenewal();
    if (wait <= 0) return; // the next part renews before it starts
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      if (signal.aborted || this.watching !== signal) return;
      // A capped wait fired early: look again.
      if (this.msUntilRenewal() > 0) this.rearm();
      else this.renewFrom(this.creds, signal).catch(() => {});
    }, Math.min(wait, MAX_TIMER_DELAY_MS));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops the timer and a renewal under way (pause, cancel). */
  abort(): void {
    this.unwatch();
    const controller = this.controller;
    this.inFlight = undefined;
    this.controller = undefined;
    controller?.abort();
  }

  /** Waits for the shared renewal, giving up (for this caller only) when its signal aborts. */
  private join(signal: AbortSignal): Promise<Credentials> {
    return raceAbort(this.inFlight as Promise<Credentials>, signal);
  }
}
