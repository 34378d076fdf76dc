import { useId, useRef, type ReactNode } from 'react';
import { FilePreview, uploadFileOf, UploadStatus, useResumableUploads, useUploads } from 'react-smh-upload';

/** Every upload of this page, each with its own pause, resume, cancel and retry. */
export function UploadList() {
  const { tasks, snapshots, pauseAll, resumeAll, clearFinished } = useUploads();
  // A wrong re-pick of an unfinished upload shows here: "Pick again" resumes that stored upload.
  const { records, resume } = useResumableUploads();
  const id = useId();
  const running = snapshots.some((s) => s.state === 'uploading' || s.state === 'renewing' || s.state === 'beginning');
  const paused = snapshots.some((s) => s.state === 'paused');
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
            <ToolbarButton onClick={pauseAll} enabled={running}>
              Pause all
            </ToolbarButton>
            <ToolbarButton onClick={resumeAll} enabled={paused}>
              Resume all
            </ToolbarButton>
            <ToolbarButton onClick={clear} enabled={finished}>
              Clear finished
            </ToolbarButton>
          </div>
        )}
      </div>
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
 * `aria-disabled`, not `disabled`: each button turns itself off when clicked (nothing left to
 * pause, resume or clear), and a disabled button drops keyboard focus to <body>.
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
