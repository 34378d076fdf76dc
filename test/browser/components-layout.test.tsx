// The components keep their own layout whatever the page around them inherits: in real Chromium,
// with the shipped stylesheet, inside a root that centres its text as Vite's starter template does.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, expect, test } from 'vitest';
import { ConflictStrategyInfo, UploadDropzone, UploadStatus } from '../../src/components';
// oxlint-disable-next-line import/no-unassigned-import -- the shipped stylesheet is what is under test
import '../../src/components/styles.css';
import type { UploadSnapshot, UploadTask } from '../../src/core/types';

let root: Root | undefined;
let host: HTMLElement | undefined;

afterEach(() => {
  act(() => root?.unmount());
  host?.remove();
});

const noop = () => undefined;

function staticTask(overrides: Partial<UploadSnapshot>): UploadTask {
  const snapshot: UploadSnapshot = {
    id: 't-1',
    state: 'paused',
    fileName: 'claim-photo.jpg',
    requestedPath: ['claims', 'claim-photo.jpg'],
    conflictResolutionStrategy: 'ask',
    mode: 'multipart',
    totalBytes: 20_000_000,
    confirmedBytes: 5_000_000,
    inflightBytes: 0,
    partSize: 5_000_000,
    parts: [],
    bytesPerSecond: 0,
    etaSeconds: undefined,
    ...overrides,
  };
  return {
    id: snapshot.id,
    start: noop,
    pause: noop,
    resume: noop,
    cancel: async () => undefined,
    resolveConflict: noop,
    subscribe: () => noop,
    getSnapshot: () => snapshot,
    settled: new Promise(noop),
  };
}

test('cards and the strategy list stay start-aligned inside a root with text-align: center', () => {
  host = document.createElement('div');
  host.style.textAlign = 'center';
  host.style.width = '480px';
  document.body.append(host);
  root = createRoot(host);
  act(() =>
    root!.render(
      <>
        <UploadStatus task={staticTask({})} showStrategy />
        <ConflictStrategyInfo strategy="ask" />
        <UploadDropzone />
      </>,
    ),
  );
  const aligned = ['.smh-status', '.smh-status__name', '.smh-status__paths', '.smh-strategy', '.smh-strategy__item dd'].map(
    (selector) => [selector, getComputedStyle(host!.querySelector(selector)!).textAlign],
  );
  expect(aligned).toEqual(aligned.map(([selector]) => [selector, 'start']));
  // The name sits at the card's start edge, not in the middle.
  const card = host.querySelector('.smh-status')!.getBoundingClientRect();
  const name = host.querySelector('.smh-status__name bdi')!.getBoundingClientRect();
  expect(name.left - card.left).toBeLessThan(40);
  // The drop zone centres its own prompt on purpose.
  expect(getComputedStyle(host.querySelector('.smh-dropzone__zone')!).textAlign).toBe('center');
});
