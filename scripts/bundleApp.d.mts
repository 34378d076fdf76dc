import type { Rolldown } from 'vite';

export declare const peers: RegExp[];

export declare function bundleApp(options: {
  root: string;
  name: string;
  /** Path of the entry file (the app's imports). */
  entry: string;
  /** Rolldown output options (file names), when the chunks are written somewhere. */
  output?: Rolldown.OutputOptions;
}): Promise<{ eager: Rolldown.OutputChunk[]; lazy: Rolldown.OutputChunk[] }>;
