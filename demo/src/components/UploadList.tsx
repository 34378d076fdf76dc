import { useId } from 'react';
import { UploadStatus, useUploads } from 'react-smh-upload';

/** Every upload of this page, each with its own pause, resume, cancel and retry. */
export function UploadList() {
  const { tasks, snapshots, pauseAll, resumeAll, clearFinished } = useUploads();
  const id = useId();
  const running = snapshots.some((s) => s.state === 'uploading' || s.state === 'renewing' || s.state === 'beginning');
  const paused = snapshots.some((s) => s.state === 'paused');
  const finished = snapshots.some((s) => s.state === 'done' || s.state === 'cancelled');

  return (
    <section className="portal-card" aria-labelledby={`${id}-title`}>
      <div className="portal-card__head">
        <h2 id={`${id}-title`}>Uploads</h2>
        {tasks.length > 0 && (
          <div className="portal-toolbar">
            <button type="button" className="smh-button" data-variant="quiet" onClick={pauseAll} disabled={!running}>
              Pause all
            </button>
            <button type="button" className="smh-button" data-variant="quiet" onClick={resumeAll} disabled={!paused}>
              Resume all
            </button>
            <button type="button" className="smh-button" data-variant="quiet" onClick={clearFinished} disabled={!finished}>
              Clear finished
            </button>
          </div>
        )}
      </div>
      {tasks.length === 0 ? (
        <p className="portal-empty">Nothing is uploading. Files you add appear here.</p>
      ) : (
        <ul className="portal-list" aria-label="Uploads in progress">
          {tasks.map((task) => (
            <li key={task.id}>
              {/* The portal's token may overwrite, so the prompt offers "Replace" too. */}
              <UploadStatus task={task} allowOverwrite showStrategy={false} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
