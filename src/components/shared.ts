import type React from 'react';
import { useSyncExternalStore } from 'react';
import { splitSmhPath } from '../api/path';
// Small pieces the components share, kept here so the bundle carries them once.

/** Joins class names, skipping empty ones. */
export function cx(...names: Array<string | false | null | undefined>): string | undefined {
  const joined = names.filter(Boolean).join(' ');
  return joined === '' ? undefined : joined;
}

// Bidi controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), the
// left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C).
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Shows each bidi control in `text` as its code ("[U+202E]"). A right-to-left override makes
 * `invoice\u202Egnp.exe` read "invoiceexe.png"; shown as a code, the name reads as what it is.
 */
export function revealBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, (control) => `[U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

/**
 * Wraps a user- or server-given string in Unicode first-strong isolates, with its own bidi controls
 * shown (`revealBidi`), so nothing inside a file name can reorder the sentence around it or close
 * the isolate early.
 */
export function isolate(text: string): string {
  return `\u2068${revealBidi(text)}\u2069`;
}

/**
 * A path's segments for display: SMH's own rule (`splitSmhPath`), but a path that rule refuses is
 * shown as given rather than thrown, since showing it is how a person finds what is wrong.
 */
export function pathSegments(path: readonly string[] | string): readonly string[] {
  try {
    return splitSmhPath(path);
  } catch {
    return typeof path === 'string' ? [path.replace(/^\//, '')] : path;
  }
}

/** A path as people read it: `/a/b/c.txt`, with bidi controls shown (`revealBidi`). */
export function formatPath(path: readonly string[] | string | null | undefined): string {
  if (path == null) return '';
  return revealBidi(`/${pathSegments(path).join('/')}`);
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** One callback ref feeding several refs (React 19 passes `ref` as a plain prop). */
export function mergeRefs<T>(...refs: Array<React.Ref<T> | undefined>): React.RefCallback<T> {
  return (node) => {
    const cleanups = refs.map((ref) => {
      if (typeof ref === 'function') {
        const cleanup = ref(node);
        return typeof cleanup === 'function' ? cleanup : () => ref(null);
      }
      if (ref) {
        ref.current = node;
        return () => {
          ref.current = null;
        };
      }
      return undefined;
    });
    return () => {
      for (const cleanup of cleanups) cleanup?.();
    };
  };
}

const subscribeNever = () => () => {};

/**
 * False on the server and while React hydrates, true afterwards (and at once in a client-only
 * render). Text that depends on the clock or the time zone renders the server's way first, so
 * hydration matches, then updates.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}
