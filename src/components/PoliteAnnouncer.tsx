// A visually hidden polite live region: screen readers speak its text when it changes. Keep it
// mounted before the text arrives (a region added with its text already in is often not spoken).
export function PoliteAnnouncer({ text }: { text: string }) {
  return (
    <div
      className="smh-visually-hidden"
      // oxlint-disable-next-line jsx-a11y/prefer-tag-over-role -- a plain live region; <output> means a computed result
      role="status"
      aria-live="polite"
      aria-atomic="true"
    >
      {text}
    </div>
  );
}
