// A `ref` given to a component reaches its root element, under React 18.3 (forwardRef; a plain
// function component drops the ref there) as under React 19. Runs in both dom projects.
import { render } from '@testing-library/react';
import { createRef, type ReactElement, type RefObject } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConflictPrompt,
  ConflictStrategyInfo,
  FileName,
  PartMap,
  UploadDropzone,
  UploadProgress,
  UploadStatus,
} from '../../src/components';
import { makeUploadTaskStatus } from '../fixtures/smh';
import { fakeTask } from '../react/fakeTask';
import { makePartSnapshots } from './helpers';

type Case = [name: string, element: (ref: RefObject<never>) => ReactElement, tag: string, className: string | null];

const cases: Case[] = [
  ['UploadProgress', (ref) => <UploadProgress ref={ref} value={5} max={10} />, 'DIV', 'smh-progress'],
  ['PartMap', (ref) => <PartMap ref={ref} parts={makePartSnapshots(['stored', 'pending'])} />, 'DIV', 'smh-partmap'],
  ['ConflictStrategyInfo', (ref) => <ConflictStrategyInfo ref={ref} strategy="ask" />, 'DIV', 'smh-strategy'],
  ['FileName', (ref) => <FileName ref={ref} name="a.txt" />, 'BDI', null],
  ['ConflictPrompt', (ref) => <ConflictPrompt ref={ref} fileName="a.txt" onResolve={() => {}} />, 'DIALOG', 'smh-dialog'],
  ['UploadDropzone', (ref) => <UploadDropzone ref={ref} onFiles={() => {}} />, 'DIV', 'smh-dropzone'],
  ['UploadStatus (status)', (ref) => <UploadStatus ref={ref} status={makeUploadTaskStatus()} />, 'ARTICLE', 'smh-status'],
  ['UploadStatus (task)', (ref) => <UploadStatus ref={ref} task={fakeTask({ state: 'uploading' })} />, 'ARTICLE', 'smh-status'],
];

afterEach(() => vi.restoreAllMocks());

describe('refs', () => {
  it.each(cases)('%s: the ref is the rendered root element, and React does not warn', (_name, element, tag, className) => {
    const errors = vi.spyOn(console, 'error');
    const ref = createRef<HTMLElement>();
    const { container, unmount } = render(element(ref as RefObject<never>));
    expect(ref.current).toBeInstanceOf(HTMLElement);
    expect(ref.current?.tagName).toBe(tag);
    expect(container.contains(ref.current)).toBe(true);
    expect(ref.current?.classList.item(0) ?? null).toBe(className);
    expect(errors).not.toHaveBeenCalled();
    unmount();
    expect(ref.current).toBeNull();
  });

  it.each([
    ['UploadStatus', (ref: (node: HTMLElement | null) => () => void) => <UploadStatus ref={ref} status={makeUploadTaskStatus()} />],
    ['ConflictPrompt', (ref: (node: HTMLElement | null) => () => void) => <ConflictPrompt ref={ref} fileName="a.txt" onResolve={() => {}} />],
  ] as const)('%s: a callback ref returning a cleanup (React 19 style) gets its cleanup on unmount, not null', (_name, element) => {
    const errors = vi.spyOn(console, 'error');
    const calls: Array<HTMLElement | null> = [];
    const cleanup = vi.fn<() => void>();
    const { unmount } = render(element((node) => {
      calls.push(node);
      return cleanup;
    }));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeInstanceOf(HTMLElement);
    unmount();
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(1);
    expect(errors).not.toHaveBeenCalled();
  });

  it('a callback ref is called with the element, and with null on unmount', () => {
    const calls: Array<HTMLElement | null> = [];
    const { unmount } = render(<UploadProgress ref={(node) => void calls.push(node)} value={1} max={2} />);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.className).toContain('smh-progress');
    unmount();
    expect(calls.at(-1)).toBeNull();
  });
});
