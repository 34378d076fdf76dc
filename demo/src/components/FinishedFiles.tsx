import { useId, useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { FileName, useUploads } from 'react-smh-upload';
import { storedFilesQueryOptions } from '../emulatorAdmin';
import { formatBytes } from '../format';

interface Row {
  name: string;
  path: string;
  size: number;
  /** `upload`: confirmed in this page; `stored`: listed by the emulator. */
  source: 'upload' | 'stored';
}

/**
 * Files that made it: the confirm replies of this page's uploads, and on the emulator everything
 * its storage holds (so files from earlier visits show up too).
 */
export function FinishedFiles({ showStored }: { showStored: boolean }) {
  const id = useId();
  const { snapshots } = useUploads();

  const confirmed = useMemo(
    () =>
      snapshots.flatMap((s): Row[] => {
        const path = s.finalPath ?? s.result?.path;
        if (s.state !== 'done' || s.result === undefined || !path) return [];
        return [{ name: s.result.name, path: path.join('/'), size: Number(s.result.size), source: 'upload' }];
      }),
    [snapshots],
  );

  // Each finished upload changes what storage holds, so the listing is keyed by their count;
  // the previous listing stays on screen while the new one loads.
  const stored = useQuery({
    ...storedFilesQueryOptions(confirmed.length),
    enabled: showStored,
    placeholderData: keepPreviousData,
  });

  const rows = useMemo(() => {
    const byPath = new Map<string, Row>();
    for (const file of stored.data ?? []) {
      const name = file.path.split('/').at(-1) ?? file.path;
      byPath.set(file.path, { name, path: file.path, size: file.size, source: 'stored' });
    }
    for (const row of confirmed) byPath.set(row.path, row);
    return [...byPath.values()].toSorted((a, b) => a.path.localeCompare(b.path));
  }, [stored.data, confirmed]);

  return (
    <section className="portal-card" aria-labelledby={`${id}-title`}>
      <div className="portal-card__head">
        <h2 id={`${id}-title`}>Finished files</h2>
        {showStored && (
          <button
            type="button"
            className="smh-button"
            data-variant="quiet"
            onClick={() => void stored.refetch()}
            disabled={stored.isFetching}
          >
            Refresh
          </button>
        )}
      </div>
      {stored.isError && (
        <p className="portal-field__error" role="alert">
          The stored files could not be listed: {stored.error.message}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="portal-empty">No finished files yet.</p>
      ) : (
        <div className="portal-table-wrap">
          <table className="portal-table" aria-labelledby={`${id}-title`}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="portal-table__num">
                  Size
                </th>
                <th scope="col">Path</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.path} data-source={row.source}>
                  <td data-column="name">
                    <FileName name={row.name} />
                  </td>
                  <td className="portal-table__num">{formatBytes(row.size)}</td>
                  <td data-column="path">
                    <FileName name={row.path} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
