// A file's thumbnail for lists of files (an image, or a video's first frame), with an icon by kind
// while it is made and when there can be none (HEIC, PDF, undecodable). Tree-shakable: UploadStatus
// takes it through its `preview` slot, so only apps that import it pay for it.
import { forwardRef, useEffect, useMemo, useState, type ComponentPropsWithoutRef, type CSSProperties } from 'react';
import { useSmhI18n } from '../i18n/I18nProvider';
import type { FilePreviewKind } from './previewKind';
import { cx, isolate, mergeRefs } from './shared';
import { useFilePreview } from './useFilePreview';

export interface FilePreviewProps extends Omit<ComponentPropsWithoutRef<'span'>, 'children'> {
  file: Blob | null | undefined;
  /** The square box the picture fits in, in CSS pixels (default 48). */
  size?: number | undefined;
  /**
   * The accessible name, as for `<img alt>`: `""` makes it decorative (beside a visible file name,
   * as in an upload card). Default: "Preview of {name}", or the kind and name when there is no picture.
   */
  alt?: string | undefined;
  /** Wait until the preview is near the viewport before making it (default true, where IntersectionObserver exists). */
  lazy?: boolean | undefined;
  /** How long a video may take to show a frame before its icon is shown instead (default 8000 ms). */
  videoTimeoutMs?: number | undefined;
  locale?: string | undefined;
}

const ICON_PATHS: Readonly<Record<FilePreviewKind, string>> = {
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 2-2 5 5M15.5 8.5h.01',
  video: 'M3 6h13v12H3zM16 10l5-3v10l-5-3',
  document: 'M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6',
  generic: 'M6 3h8l4 4v14H6zM14 3v4h4',
};

/** Always true where there is no IntersectionObserver, so every preview is still made there. */
function useNearViewport(lazy: boolean): [boolean, (node: HTMLElement | null) => void] {
  const [seen, setSeen] = useState(false);
  const [node, setNode] = useState<HTMLElement | null>(null);
  // Only enables work in an effect, so a server's answer here changes no markup.
  const near = seen || !lazy || typeof IntersectionObserver !== 'function';
  useEffect(() => {
    if (near || node === null) return undefined;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setSeen(true);
      },
      // Made a little before it scrolls in, so it is there when it arrives.
      { rootMargin: '200px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [near, node]);
  return [near, setNode];
}

/**
 * A small thumbnail of `file` (`useFilePreview`), made off the main thread where the browser can
 * and freed when it unmounts or `file` changes. `data-status` is `loading`, `ready`, `unsupported`
 * or `error`; `data-kind` says which icon stands in (`image`, `video`, `document`, `generic`).
 */
export const FilePreview = forwardRef<HTMLSpanElement, FilePreviewProps>(function FilePreview(
  { file, size = 48, alt, lazy = true, videoTimeoutMs, locale, className, style, ...rest },
  ref,
) {
  const { t } = useSmhI18n(locale);
  const [near, observe] = useNearViewport(lazy);
  const { status, kind, attachCanvas } = useFilePreview(file, { size, enabled: near, videoTimeoutMs });
  const rootRef = useMemo(() => mergeRefs(ref, observe), [ref, observe]);
  const name = (file as Partial<File> | null | undefined)?.name;
  const kindName = t(`preview.kind.${kind}`);
  const label =
    alt ??
    (name === undefined
      ? kindName
      : t(status === 'ready' || status === 'loading' ? 'preview.of' : 'preview.none', { name: isolate(name), kind: kindName }));
  const decorative = label === '';
  const box = { '--smh-preview-size': `${size}px`, ...style } as CSSProperties;

  return (
    <span
      {...rest}
      ref={rootRef}
      className={cx('smh-preview', className)}
      style={box}
      data-status={status}
      data-kind={kind}
      role={decorative ? undefined : 'img'}
      aria-label={decorative ? undefined : label}
      aria-hidden={decorative || undefined}
      aria-busy={status === 'loading' || undefined}
    >
      {/* Always there (hidden until ready), so the picture moved into it stays put. */}
      <canvas
        ref={attachCanvas}
        className="smh-preview__image"
        hidden={status !== 'ready'}
        style={{ maxInlineSize: size, maxBlockSize: size }}
      />
      {status !== 'ready' && (
        <svg className="smh-preview__icon" viewBox="0 0 24 24" width={size / 2} height={size / 2} aria-hidden="true" focusable="false">
          <path d={ICON_PATHS[kind]} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      )}
    </span>
  );
});
