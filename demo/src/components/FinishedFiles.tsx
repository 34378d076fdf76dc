import { useId, useMemo, type ComponentProps } from 'react';
import { keepPreviousData, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { FileName, SmhApiError, useUploads, type FolderPage, type SmhFolderApi } from 'react-smh-upload';
import { formatBytes, parseFolder } from '../format';

interface Row {
  name: string;
  path: string;
  size: number | undefined;
  /** `upload`: confirmed in this page; `stored`: in SMH's listing of the folder. */
  source: 'upload' | 'stored';
}

function QuietButton(props: Omit<ComponentProps<'button'>, 'type' | 'className'>) {
  return <button type="button" className="smh-button" data-variant="quiet" {...props} />;
}

/** Entries per listing page: SMH's default is 20; 50 keeps a busy folder to a few requests. */
const PAGE_SIZE = 50;

const EMPTY_FOLDER: FolderPage = { contents: [] };

/** Every folder listing of this list (the fault panel reads them again after deleting a folder). */
export const FOLDER_LISTINGS = ['demo', 'folder'] as const;

/**
 * Files that made it: the confirm replies of this page's uploads, and what SMH's own folder
 * listing (`client.listFolder`, page by page) holds in the folder being uploaded to, so files
 * from earlier visits show up too, on the emulator and on a real library alike.
 */
export function FinishedFiles({ client, folder }: { client: SmhFolderApi; folder: string }) {
  const id = useId();
  const { snapshots } = useUploads();
  // The folder as typed; a name SMH would refuse is not listed (the Folder field says why).
  const segments = parseFolder(folder).segments;
  const where = segments?.join('/') ?? folder;

  const confirmed = useMemo(
    () =>
      snapshots.flatMap((s): Row[] => {
        const path = s.finalPath ?? s.result?.path;
        if (s.state !== 'done' || s.result === undefined || !path) return [];
        return [{ name: s.result.name, path: path.join('/'), size: Number(s.result.size), source: 'upload' }];
      }),
    [snapshots],
  );

  // Each finished upload changes what the folder holds, so the listing is keyed by their count;
  // the previous listing stays on screen while the new one loads.
  const listing = useInfiniteQuery<FolderPage, Error, InfiniteData<FolderPage, string | undefined>, readonly unknown[], string | undefined>({
    queryKey: [...FOLDER_LISTINGS, where, confirmed.length],
    queryFn: ({ pageParam, signal }) =>
      client.listFolder(segments ?? [], { limit: PAGE_SIZE, ...(pageParam === undefined ? {} : { marker: pageParam }), signal }).catch((error: unknown) => {
        // Nothing was uploaded there yet: SMH has no such folder.
        if (error instanceof SmhApiError && error.code === 'DirectoryNotFound') return EMPTY_FOLDER;
        throw error;
      }),
    initialPageParam: undefined,
    getNextPageParam: (page) => page.nextMarker,
    enabled: segments !== undefined,
    placeholderData: keepPreviousData,
  });

  const rows = useMemo(() => {
    const byPath = new Map<string, Row>();
    for (const entry of listing.data?.pages.flatMap((page) => page.contents) ?? []) {
      if (entry.type === 'dir') continue;
      const path = entry.path?.join('/') ?? [where, entry.name].filter(Boolean).join('/');
      byPath.set(path, { name: entry.name, path, size: entry.size === undefined ? undefined : Number(entry.size), source: 'stored' });
    }
    for (const row of confirmed) byPath.set(row.path, row);
    return [...byPath.values()].toSorted((a, b) => a.path.localeCompare(b.path));
  }, [listing.data, confirmed, where]);

  return (
    <section className="portal-card" aria-labelledby={`${id}-title`} data-section="finished">
      <div className="portal-card__head">
        <h2 id={`${id}-title`}>Finished files</h2>
        <QuietButton onClick={() => void listing.refetch()} disabled={listing.isFetching}>
          Refresh
        </QuietButton>
      </div>
      <p className="portal-hint">
        In <code>{where === '' ? '/' : where}</code>, as the library lists it.
      </p>
      {listing.isError && (
        <p className="portal-field__error" role="alert">
          The folder could not be listed: {listing.error.message}
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
                  <td className="portal-table__num">{row.size === undefined ? '–' : formatBytes(row.size)}</td>
                  <td data-column="path">
                    <FileName name={row.path} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {listing.hasNextPage && (
        <QuietButton onClick={() => void listing.fetchNextPage()} disabled={listing.isFetchingNextPage}>
          Show more
        </QuietButton>
      )}
    </section>
  );
}
