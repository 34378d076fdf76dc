// What test/browser/globalSetup.ts provides to browser tests: `inject('emulator')`.

export interface EmulatorContext {
  /** SMH API origin, e.g. http://127.0.0.1:40123 (a different origin from the vitest page). */
  url: string;
  /** COS origin: yet another origin, so part PUTs are real cross-origin requests. */
  cosUrl: string;
  libraryId: string;
  /** Dev-only emulator secret; use it to get tokens from `${url}/api/v1/token`. */
  librarySecret: string;
  /** For Tencent's COS SDK: `new COS({ SecretId, SecretKey, Domain: cos.domain, Protocol: 'http:' })`. */
  cos: { secretId: string; secretKey: string; bucket: string; region: string; domain: string };
  /** Lifetime of issued COS credentials (short, so renewal paths are exercised). */
  partInfoTtlSeconds: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    emulator: EmulatorContext;
  }
}
