// The live stories' UI: real uploads to the local emulator through the library's provider,
// dropzone and UploadStatus, with the emulator's fault controls beside them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { createSmhClient } from '../../src/api/client';
import type { ConflictResolutionStrategy } from '../../src/api/types';
import { UploadDropzone, UploadStatus } from '../../src/components';
import { createMemoryResumeStore } from '../../src/core';
import { createI18n } from '../../src/i18n';
import { SmhUploadProvider, useUploads } from '../../src/react';
import { i18nProps, type StoryLocale } from '../locale';
import { EMULATOR_URL, NO_FAULTS, devTokenGetter, emulator, sampleFile, type EmulatorInfo, type Faults } from './emulator';

export interface LiveUploaderProps {
  /** What SMH does when the name is taken. */
  strategy: ConflictResolutionStrategy;
  /** Offer "Replace" in the conflict prompt (the dev token has the admin grant, so it may). */
  allowOverwrite: boolean;
  /** Faults set on the emulator when the story opens (the rest are cleared). */
  faults: Partial<Faults>;
  /** The library folder files go into; "Delete the folder" removes it. */
  folder: string;
  locale: StoryLocale;
}

const liveKeys = {
  info: ['live-emulator', 'info', EMULATOR_URL] as const,
  faults: ['live-emulator', 'faults', EMULATOR_URL] as const,
};

/** Connects to the emulator; says how to start it when it cannot be reached. */
export function LiveUploader(props: LiveUploaderProps) {
  const info = useQuery({ queryKey: liveKeys.info, queryFn: emulator.info, retry: false, staleTime: Number.POSITIVE_INFINITY });
  if (info.isPending) return <p className="sb-smh-note">Connecting to the emulator at {EMULATOR_URL}…</p>;
  if (info.isError) {
    return (
      <div className="smh-error sb-live-offline" role="alert">
        <p className="smh-error__message">
          The SMH emulator is not reachable at <code>{EMULATOR_URL}</code>. Start it in a terminal with{' '}
          <code>npm run emulator</code> (or point <code>STORYBOOK_SMH_URL</code> at yours), then try again.
        </p>
        <p>
          <button type="button" className="smh-button" onClick={() => void info.refetch()} disabled={info.isFetching}>
            Try again
          </button>
        </p>
      </div>
    );
  }
  return <Connected {...props} info={info.data} />;
}

function Connected({ info, strategy, allowOverwrite, faults, folder, locale }: LiveUploaderProps & { info: EmulatorInfo }) {
  // One client and store per story: the token getter caches across requests.
  const [client] = useState(() =>
    createSmhClient({ baseUrl: EMULATOR_URL, libraryId: info.libraryId, accessToken: devTokenGetter(info.libraryId) }),
  );
  const [store] = useState(() => createMemoryResumeStore());
  // SMH (and the emulator) refuse uploads into a missing folder; until the engine creates folders
  // itself (issue 9; remove this then), the story makes its folder when it opens.
  useQuery({
    queryKey: ['live-emulator', 'folder', EMULATOR_URL, folder],
    queryFn: () => emulator.createFolder(folder),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  // The emulator's COS origin is plain http on loopback, which the engine allows only when asked.
  const defaults = useMemo(
    () => ({ folder, conflictResolutionStrategy: strategy, allowInsecureHttp: true }),
    [folder, strategy],
  );
  return (
    <SmhUploadProvider client={client} store={store} defaults={defaults} {...i18nProps(locale)}>
      <div className="sb-live">
        <section className="sb-live__uploads" aria-label="Uploads">
          <UploadDropzone />
          <SampleFiles />
          <TaskList allowOverwrite={allowOverwrite} />
        </section>
        <FaultPanel initial={faults} folder={folder} />
      </div>
    </SmhUploadProvider>
  );
}

// Sizes and rates in the library's own decimal units (kB, MB), as the upload cards show them.
const { formatBytes, formatRate } = createI18n();
const SAMPLE_SIZES = [8_000_000, 48_000_000, 200_000_000] as const;

/** Uploads a generated file, so no file needs picking (and the same name twice shows a conflict). */
function SampleFiles() {
  const { add } = useUploads();
  return (
    <div className="sb-live__row">
      <span className="sb-smh-note">Or upload a generated file:</span>
      {SAMPLE_SIZES.map((size) => (
        <button
          key={size}
          type="button"
          className="smh-button"
          onClick={() => add(sampleFile(`sample-${formatBytes(size).replace(/\s/g, '')}.bin`, size))}
        >
          {formatBytes(size)}
        </button>
      ))}
    </div>
  );
}

function TaskList({ allowOverwrite }: { allowOverwrite: boolean }) {
  const { tasks, clearFinished, pauseAll, resumeAll } = useUploads();
  if (tasks.length === 0) return <p className="sb-smh-note">No uploads yet.</p>;
  return (
    <>
      <div className="sb-live__row">
        <button type="button" className="smh-button" onClick={pauseAll}>
          Pause all
        </button>
        <button type="button" className="smh-button" onClick={resumeAll}>
          Resume all
        </button>
        <button type="button" className="smh-button" data-variant="quiet" onClick={clearFinished}>
          Clear finished
        </button>
      </div>
      <ul className="sb-live__tasks">
        {tasks.map((task) => (
          <li key={task.id}>
            <UploadStatus task={task} allowOverwrite={allowOverwrite} />
          </li>
        ))}
      </ul>
    </>
  );
}

const BANDWIDTHS: ReadonlyArray<{ value: number; label: string }> = [
  { value: 0, label: 'Unlimited' },
  ...[250_000, 1_000_000, 4_000_000, 16_000_000].map((value) => ({ value, label: formatRate(value) })),
];

const LATENCIES = [0, 100, 500, 2_000] as const;

function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="sb-live__field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** The emulator's faults, read every 2 s (the 429 burst counts down) and set on change. */
function FaultPanel({ initial, folder }: { initial: Partial<Faults>; folder: string }) {
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState('');
  const faults = useQuery({ queryKey: liveKeys.faults, queryFn: emulator.faults, refetchInterval: 2_000 });
  const set = useMutation({
    mutationFn: emulator.setFaults,
    onSuccess: (next) => queryClient.setQueryData(liveKeys.faults, next),
    onError: (error) => setOutcome(`Could not set the faults: ${error.message}`),
  });
  const { mutate } = set;

  // Each story starts from its own faults, whatever an earlier story left behind (once: later
  // changes are the person's).
  const [start] = useState(() => ({ ...NO_FAULTS, ...initial }));
  useEffect(() => {
    mutate(start);
  }, [mutate, start]);

  const act = async (what: () => Promise<string>) => {
    try {
      setOutcome(await what());
    } catch (error) {
      setOutcome(`The emulator refused: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const current = faults.data ?? NO_FAULTS;
  return (
    <section className="sb-live__faults" aria-labelledby="sb-live-faults-title">
      <h2 id="sb-live-faults-title">Emulator faults</h2>
      <Field label={`Part failures: ${Math.round(current.partFailureRate * 100)} %`}>
        {(id) => (
          <input
            id={id}
            type="range"
            min={0}
            max={0.9}
            step={0.05}
            value={current.partFailureRate}
            onChange={(event) => set.mutate({ partFailureRate: Number(event.target.value) })}
          />
        )}
      </Field>
      <Field label="How parts fail">
        {(id) => (
          <select
            id={id}
            value={current.partFailureMode}
            onChange={(event) => set.mutate({ partFailureMode: event.target.value as Faults['partFailureMode'] })}
          >
            <option value="5xx">503 from COS</option>
            <option value="drop">Connection dropped</option>
            <option value="mixed">Either</option>
          </select>
        )}
      </Field>
      <Field label="Bandwidth (all parts together)">
        {(id) => (
          <select
            id={id}
            value={current.bandwidthBytesPerSecond}
            onChange={(event) => set.mutate({ bandwidthBytesPerSecond: Number(event.target.value), bandwidthScope: 'total' })}
          >
            {BANDWIDTHS.map(({ value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Latency per request">
        {(id) => (
          <select id={id} value={current.latencyMs} onChange={(event) => set.mutate({ latencyMs: Number(event.target.value) })}>
            {LATENCIES.map((ms) => (
              <option key={ms} value={ms}>
                {ms === 0 ? 'None' : `${ms} ms`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="sb-live__actions">
        <button
          type="button"
          className="smh-button"
          onClick={() =>
            void act(async () => {
              const { credentials } = await emulator.expireCredentials();
              return `Expired ${credentials} upload credential${credentials === 1 ? '' : 's'}: the next part meets 403 "Request has expired".`;
            })
          }
        >
          Expire credentials now
        </button>
        <button
          type="button"
          className="smh-button"
          data-variant="danger"
          onClick={() =>
            void act(async () => {
              const { files } = await emulator.deleteFolder(folder);
              // New uploads get an empty folder again; the open ones stay cut off (issue 9: remove with the folder query).
              await emulator.createFolder(folder);
              return `Deleted /${folder} (${files} file${files === 1 ? '' : 's'}); uploads still open into it cannot finish (their status shows path: null).`;
            })
          }
        >
          Delete /{folder}
        </button>
        <button
          type="button"
          className="smh-button"
          onClick={() => {
            set.mutate({ rateLimitNext: 5 });
            setOutcome('The next 5 SMH calls answer 429 RateLimitExceeded.');
          }}
        >
          429 burst (next 5 calls)
        </button>
        <button type="button" className="smh-button" data-variant="quiet" onClick={() => set.mutate(NO_FAULTS)}>
          Clear faults
        </button>
      </div>
      <p className="sb-smh-note">
        {current.rateLimitNext > 0 ? `429s left: ${current.rateLimitNext}. ` : ''}
        Emulator: <code>{EMULATOR_URL}</code>
      </p>
      {/* The result of the last action: <output> is a polite status region. */}
      <output className="sb-live__outcome">{outcome}</output>
    </section>
  );
}
