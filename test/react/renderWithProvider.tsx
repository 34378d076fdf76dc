// Renders hooks under a real QueryClient and SmhUploadProvider backed by the in-memory SMH.
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, type ReactNode } from 'react';
import type { ResumeStore } from '../../src/core/types';
import { SmhUploadProvider, type SmhUploadProviderProps } from '../../src/react/SmhUploadProvider';
import { createFakeSmh } from './fakeSmh';
import { createTestQueryClient } from './helpers';

export interface ProviderSetup {
  holdParts?: boolean;
  strict?: boolean;
  /** Default null (nothing kept); 'default' leaves the prop out so the provider picks its own. */
  store?: ResumeStore | null | 'default';
  provider?: Partial<SmhUploadProviderProps>;
}

export function setupProvider(setup: ProviderSetup = {}) {
  const smh = createFakeSmh({ holdParts: setup.holdParts ?? false });
  const queryClient = createTestQueryClient();
  // Small files go as one simple PUT; no instant-upload hashing in these tests.
  const defaults = { transport: smh.transport, instantUpload: false, ...setup.provider?.defaults };
  function Wrapper({ children }: { children: ReactNode }) {
    const tree = (
      <QueryClientProvider client={queryClient}>
        <SmhUploadProvider
          client={smh.client}
          {...(setup.store === 'default' ? {} : { store: setup.store ?? null })}
          {...setup.provider}
          defaults={defaults}
        >
          {children}
        </SmhUploadProvider>
      </QueryClientProvider>
    );
    return setup.strict ? <StrictMode>{tree}</StrictMode> : tree;
  }
  return { smh, queryClient, Wrapper };
}

export function makeFile(name = 'report.pdf', size = 1_000, lastModified = 1_767_225_600_000): File {
  return new File([new Uint8Array(size).fill(7)], name, { type: 'application/octet-stream', lastModified });
}
