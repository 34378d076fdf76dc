import { act, render, renderHook, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { UploadTask } from '../../src/core/types';
import { useUploadTask } from '../../src/react/useUploadTask';
import { fakeTask } from './fakeTask';

describe('useUploadTask', () => {
  it('re-renders with each new snapshot of the task', () => {
    const task = fakeTask({ state: 'uploading', storedBytes: 0 });
    const { result } = renderHook(() => useUploadTask(task));
    expect(result.current?.storedBytes).toBe(0);
    act(() => task.emit({ storedBytes: 1_000 }));
    expect(result.current?.storedBytes).toBe(1_000);
    act(() => task.emit({ state: 'done', storedBytes: 4_000 }));
    expect(result.current).toBe(task.getSnapshot());
    expect(result.current?.state).toBe('done');
  });

  it('gives undefined without a task and follows a task given later', () => {
    const task = fakeTask({ state: 'paused' });
    const { result, rerender } = renderHook(({ t }: { t: UploadTask | undefined }) => useUploadTask(t), {
      initialProps: { t: undefined as UploadTask | undefined },
    });
    expect(result.current).toBeUndefined();
    rerender({ t: task });
    expect(result.current?.state).toBe('paused');
  });

  it('unsubscribes when the component unmounts or the task changes', () => {
    const first = fakeTask({ id: 'a' });
    const second = fakeTask({ id: 'b' });
    const { rerender, unmount } = renderHook(({ t }: { t: UploadTask }) => useUploadTask(t), {
      initialProps: { t: first as UploadTask },
    });
    expect(first.listenerCount).toBe(1);
    rerender({ t: second });
    expect(first.listenerCount).toBe(0);
    expect(second.listenerCount).toBe(1);
    unmount();
    expect(second.listenerCount).toBe(0);
  });

  it('shows every reader the same snapshot in one render (no tearing)', () => {
    const task = fakeTask({ state: 'uploading', storedBytes: 0 });
    function Reader({ label }: { label: string }) {
      const snapshot = useUploadTask(task);
      return <span data-testid={label}>{snapshot?.storedBytes}</span>;
    }
    render(
      <>
        <Reader label="a" />
        <Reader label="b" />
      </>,
    );
    act(() => {
      task.emit({ storedBytes: 2_000 });
      task.emit({ storedBytes: 3_000 });
    });
    expect(screen.getByTestId('a')).toHaveTextContent('3000');
    expect(screen.getByTestId('b')).toHaveTextContent('3000');
  });
});
