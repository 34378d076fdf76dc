import { useId, useRef, useState, type ReactNode } from 'react';
import { FileName, UploadStatus, useResumableUploads, useUploadStatus, type ResumableUpload } from 'react-smh-upload';
import { formatBytes, joinPath } from '../format';

/**
 * Uploads that stopped before they finished (a closed tab, a reload, a crash). Where the browser
 * kept the file (IndexedDB), one click resumes; otherwise the person picks the same file again.
 */
export function ResumableList() {
  const { records, resume, discard, error } = useResumableUploads();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  if (records.length === 0 && error === null) return null;

  // A resumed or discarded record leaves this list with the button that was pressed; keep focus
  // here (or on <main> when this section goes away) rather than letting it fall to <body>.
  const refocus = () => {
    if (records.length > 1) heading.current?.focus();
    else document.getElementById('main')?.focus();
  };
  const resumeHere = (record: ResumableUpload, file?: File) => {
    const task = resume(record, file);
    refocus();
    return task;
  };
  const discardHere = async (confirmKey: string) => {
    await discard(confirmKey);
    refocus();
  };

  return (
    <section className="portal-card" aria-labelledby={`${id}-title`} data-section="resumable">
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Unfinished uploads
      </h2>
      {error !== null && (
        <p className="portal-field__error" role="alert">
          Unfinished uploads could not be read from this browser: {error.message}
        </p>
      )}
      <p className="portal-hint">These stopped before they finished. Only the missing parts are sent again.</p>
      <ul className="portal-list">
        {records.map((record) => (
          <li key={record.confirmKey}>
            <ResumableItem record={record} onResume={resumeHere} onDiscard={discardHere} />
          </li>
        ))}
      </ul>
    </section>
  );
}

interface ResumableItemProps {
  record: ResumableUpload;
  onResume: (record: ResumableUpload, file?: File) => unknown;
  onDiscard: (confirmKey: string) => Promise<void>;
}

function ResumableItem({ record, onResume, onDiscard }: ResumableItemProps) {
  const id = useId();
  const [problem, setProblem] = useState<ReactNode>();
  const [discarding, setDiscarding] = useState(false);
  // The same status poll UploadStatus shows (one query per confirmKey). Once the server says a
  // folder on the path was deleted (path null), resuming can only fail: offer Discard alone.
  const status = useUploadStatus(record.confirmKey);
  const ended = status.data?.path === null;

  const resumeWith = (file?: File) => {
    setProblem(undefined);
    // The engine checks the file again against what the task was started with (FileMismatch);
    // this early check only saves a round trip for an obvious wrong pick.
    if (file !== undefined && (file.name !== record.name || file.size !== record.size)) {
      setProblem(
        <>
          That is “<FileName name={file.name} />” ({formatBytes(file.size)}). Choose “<FileName name={record.name} />” (
          {formatBytes(record.size)}) to resume.
        </>,
      );
      return;
    }
    try {
      onResume(record, file);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div className="portal-resumable">
      {/* Where the task stands on the server, polled from its status endpoint. */}
      <UploadStatus
        confirmKey={record.confirmKey}
        fileName={record.name}
        totalBytes={record.size}
        requestedPath={record.path}
        partSize={record.partSize}
      />
      {record.inAnotherTab ? (
        // Resuming or discarding here would fail (or pull the upload from under that tab).
        <p className="portal-hint" data-part="other-tab">
          Uploading in another tab or window. Continue it there; this list updates when it stops.
        </p>
      ) : (
        <div className="portal-resumable__actions">
          {ended ? null : record.file !== undefined ? (
            <button type="button" className="smh-button" data-variant="primary" onClick={() => resumeWith()}>
              Resume{' '}
              <span className="portal-visually-hidden">
                <FileName name={record.name} />
              </span>
            </button>
          ) : (
            <div className="portal-repick">
              <label htmlFor={`${id}-file`}>
                Choose <FileName name={record.name} /> again to resume
              </label>
              <input
                id={`${id}-file`}
                type="file"
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  event.target.value = '';
                  if (file !== undefined) resumeWith(file);
                }}
              />
            </div>
          )}
          <button
            type="button"
            className="smh-button"
            data-variant={ended ? 'primary' : 'quiet'}
            disabled={discarding}
            onClick={() => {
              setDiscarding(true);
              onDiscard(record.confirmKey).catch((error: unknown) => {
                setDiscarding(false);
                setProblem(`Could not discard: ${error instanceof Error ? error.message : String(error)}`);
              });
            }}
          >
            Discard{' '}
            <span className="portal-visually-hidden">
              <FileName name={record.name} />
            </span>
          </button>
        </div>
      )}
      {problem !== undefined && (
        <p className="portal-field__error" role="alert">
          {problem}
        </p>
      )}
      <p className="portal-hint portal-path">
        Saving to <FileName name={`/${joinPath(record.path)}`} />
      </p>
    </div>
  );
}
