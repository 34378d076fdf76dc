import { useEffect, useId, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { emulatorAdmin, emulatorKeys, faultsQueryOptions, type Faults } from '../emulatorAdmin';
import { FOLDER_LISTINGS } from './FinishedFiles';
import { formatBytes, parseFolder } from '../format';

const FAILURE_RATES = [0, 0.05, 0.1, 0.25, 0.5];
// SI steps, the units the upload rows show speeds in: a 2 MB/s cap reads "2 MB/s" there too.
const BANDWIDTHS = [
  { value: 0, label: 'Unlimited' },
  { value: 250_000, label: '250 kB/s' },
  { value: 2_000_000, label: '2 MB/s' },
  { value: 10_000_000, label: '10 MB/s' },
  { value: 50_000_000, label: '50 MB/s' },
];
const LATENCIES = [0, 100, 500, 2000];
const BURST = 5;

/** "1 file", "2 files": the panel speaks English only. */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * Breaks the local emulator on purpose, to watch the library cope: failing parts, a slow or laggy
 * network, credentials that expire mid-upload, a deleted folder, and a burst of 429s.
 */
export function FaultPanel({ folder }: { folder: string }) {
  const id = useId();
  const queryClient = useQueryClient();
  const faults = useQuery(faultsQueryOptions());
  const [message, setMessage] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  // The confirm pair replaces the button that opened it (and back), so focus follows the swap
  // instead of falling to <body>. Only after a person toggled it, never on mount.
  const toggled = useRef(false);
  const askButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!toggled.current) return;
    (confirmDelete ? keepButton : askButton).current?.focus();
  }, [confirmDelete]);
  const showConfirm = (show: boolean) => {
    toggled.current = true;
    setConfirmDelete(show);
  };
  const folderPath = parseFolder(folder).segments?.join('/') ?? '';

  const update = useMutation({
    mutationFn: emulatorAdmin.setFaults,
    onSuccess: (next) => queryClient.setQueryData(emulatorKeys.faults(), next),
    onError: (error) => setMessage(`Could not change the faults: ${error.message}`),
  });
  const expire = useMutation({
    mutationFn: emulatorAdmin.expireCredentials,
    onSuccess: (result) =>
      setMessage(
        result === undefined
          ? 'Expired all upload credentials; uploads renew them and carry on.'
          : `Expired ${count(result.credentials, 'set')} of upload credentials; uploads renew them and carry on.`,
      ),
    onError: (error) => setMessage(`Could not expire credentials: ${error.message}`),
  });
  const burst = useMutation({
    mutationFn: () => emulatorAdmin.setFaults({ rateLimitNext: BURST }),
    onSuccess: (next) => {
      queryClient.setQueryData(emulatorKeys.faults(), next);
      setMessage(`The next ${BURST} SMH calls will be answered 429 Too Many Requests.`);
    },
    onError: (error) => setMessage(`Could not start the burst: ${error.message}`),
  });
  const remove = useMutation({
    mutationFn: emulatorAdmin.deleteFolder,
    onSuccess: (result, path) => {
      showConfirm(false);
      setMessage(`Deleted “${path}” (${count(result?.files ?? 0, 'file')}). Uploads into it now report the folder as gone.`);
      void queryClient.invalidateQueries({ queryKey: FOLDER_LISTINGS });
    },
    onError: (error) => setMessage(`Could not delete the folder: ${error.message}`),
  });

  const current = faults.data;
  const set = (partial: Partial<Faults>) => update.mutate(partial);

  return (
    <aside className="portal-card portal-faults" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Fault panel</h2>
      <p className="portal-hint">The emulator only. Changes apply at once to every upload.</p>
      {faults.isError && (
        <p className="portal-field__error" role="alert">
          The emulator's faults could not be read: {faults.error.message}
        </p>
      )}
      <div className="portal-fields portal-fields--compact">
        <div className="portal-field">
          <label htmlFor={`${id}-rate`}>Failing part uploads</label>
          <select
            id={`${id}-rate`}
            value={current?.partFailureRate ?? 0}
            disabled={current === undefined}
            onChange={(event) => set({ partFailureRate: Number(event.target.value) })}
          >
            {FAILURE_RATES.map((rate) => (
              <option key={rate} value={rate}>
                {rate === 0 ? 'None' : `${rate * 100} %`}
              </option>
            ))}
          </select>
        </div>
        <div className="portal-field">
          <label htmlFor={`${id}-mode`}>How they fail</label>
          <select
            id={`${id}-mode`}
            value={current?.partFailureMode ?? '5xx'}
            disabled={current === undefined}
            onChange={(event) => set({ partFailureMode: event.target.value as Faults['partFailureMode'] })}
          >
            <option value="5xx">Server error (503)</option>
            <option value="drop">Dropped connection</option>
            <option value="mixed">Either</option>
          </select>
        </div>
        <div className="portal-field">
          <label htmlFor={`${id}-bandwidth`}>Bandwidth</label>
          <select
            id={`${id}-bandwidth`}
            value={current?.bandwidthBytesPerSecond ?? 0}
            disabled={current === undefined}
            onChange={(event) => set({ bandwidthBytesPerSecond: Number(event.target.value) })}
          >
            {BANDWIDTHS.some((b) => b.value === current?.bandwidthBytesPerSecond) || current === undefined ? null : (
              <option value={current.bandwidthBytesPerSecond}>{formatBytes(current.bandwidthBytesPerSecond)}/s</option>
            )}
            {BANDWIDTHS.map((b) => (
              <option key={b.value} value={b.value}>
                {b.label}
              </option>
            ))}
          </select>
        </div>
        <div className="portal-field">
          <label htmlFor={`${id}-latency`}>Added latency</label>
          <select
            id={`${id}-latency`}
            value={current?.latencyMs ?? 0}
            disabled={current === undefined}
            onChange={(event) => set({ latencyMs: Number(event.target.value) })}
          >
            {LATENCIES.includes(current?.latencyMs ?? 0) ? null : (
              <option value={current?.latencyMs}>{current?.latencyMs} ms</option>
            )}
            {LATENCIES.map((ms) => (
              <option key={ms} value={ms}>
                {ms === 0 ? 'None' : `${ms} ms`}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="portal-fault-actions">
        <button type="button" className="smh-button" onClick={() => expire.mutate()} disabled={expire.isPending}>
          Expire credentials now
        </button>
        <button type="button" className="smh-button" onClick={() => burst.mutate()} disabled={burst.isPending}>
          Send a 429 burst
        </button>
        {confirmDelete ? (
          <span className="portal-confirm">
            <button
              type="button"
              className="smh-button"
              data-variant="danger"
              onClick={() => remove.mutate(folderPath)}
              disabled={remove.isPending}
            >
              {/* One flex item: the button lays out its children as a row, which split the sentence. */}
              <span>
                Delete <bdi>{folderPath}</bdi> and its files
              </span>
            </button>
            <button ref={keepButton} type="button" className="smh-button" data-variant="quiet" onClick={() => showConfirm(false)}>
              Keep it
            </button>
          </span>
        ) : (
          <button
            ref={askButton}
            type="button"
            className="smh-button"
            onClick={() => showConfirm(true)}
            disabled={folderPath === ''}
          >
            Delete the folder…
          </button>
        )}
      </div>
      {current !== undefined && current.rateLimitNext > 0 && (
        <p className="portal-hint">{current.rateLimitNext} SMH calls left in the 429 burst.</p>
      )}
      <output className="portal-fault-log" aria-live="polite">
        {message}
      </output>
    </aside>
  );
}
