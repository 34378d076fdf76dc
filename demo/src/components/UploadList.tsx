import { useId, useRef, type ReactNode } from 'react';
import { FilePreview, UploadBatchSummary, uploadFileOf, UploadStatus, useResumableUploads, useUploads } from 'react-smh-upload';

/**
 * Every upload of this page, each with its own pause, resume, cancel and retry, under a summary of
 * them all (pause, resume, cancel and retry all live there, and it alone speaks when all are over).
 */
export function UploadList() {
  const { tasks, snapshots, clearFinished } = useUploads();
  // A wrong re-pick of an unfinished upload shows here: "Pick again" resumes that stored upload.
  const { records, resume } = useResumableUploads();
  const id = useId();
  const finished = snapshots.some((s) => s.state === 'done' || s.state === 'cancelled');
  const heading = useRef<HTMLHeadingElement>(null);
  const clear = () => {
    // Clearing the last uploads removes this toolbar too; keep the keyboard user in this section.
    if (snapshots.every((s) => s.state === 'done' || s.state === 'cancelled')) heading.current?.focus();
    clearFinished();
  };

  return (
    <section className="portal-card" aria-labelledby={`${id}-title`}>
      <div className="portal-card__head">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          Uploads
        </h2>
        {tasks.length > 0 && (
          <div className="portal-toolbar">
            <ToolbarButton onClick={clear} enabled={finished}>
              Clear finished
            </ToolbarButton>
          </div>
        )}
      </div>
      <UploadBatchSummary />
      {tasks.length === 0 ? (
        <p className="portal-empty">Nothing is uploading. Files you add appear here.</p>
      ) : (
        <ul className="portal-list" aria-label="Uploads in progress">
          {tasks.map((task, index) => {
            const stored = records.find((record) => record.confirmKey === snapshots[index]?.confirmKey);
            return (
              <li key={task.id}>
                {/* The portal's token may overwrite, so the prompt offers "Replace" too. */}
                <UploadStatus
                  task={task}
                  // A thumbnail of what is being sent; the file name beside it names it, so alt="".
                  preview={<FilePreview file={uploadFileOf(task)} alt="" />}
                  allowOverwrite
                  // The summary above announces the end of the batch once, not each file.
                  announce={false}
                  onPickAgain={stored === undefined ? undefined : (file) => resume(stored, file)}
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/**
 * `aria-disabled`, not `disabled`: the button turns itself off when clicked (nothing left to
 * clear), and a disabled button drops keyboard focus to <body>.
 */
function ToolbarButton({ onClick, enabled, children }: { onClick: () => void; enabled: boolean; children: ReactNode }) {
  return (
    <button
      type="button"
      className="smh-button"
      data-variant="quiet"
      aria-disabled={!enabled}
      onClick={() => {
        if (enabled) onClick();
      }}
    >
      {children}
    </button>
  );
}
