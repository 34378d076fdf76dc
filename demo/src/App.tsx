import { useState } from 'react';
import { createSmhClient, SmhUploadProvider, type ConflictResolutionStrategy, type UploadDefaults } from 'react-smh-upload';
import type { PortalConfig } from './config';
import { createPortalStores, readKeepFiles, saveKeepFiles } from './resumeStores';
import { createTokenGetter } from './token';
import { FaultPanel } from './components/FaultPanel';
import { FinishedFiles } from './components/FinishedFiles';
import { ResumableList } from './components/ResumableList';
import { SendFiles } from './components/SendFiles';
import { ThemeSwitch } from './components/ThemeSwitch';
import { UploadList } from './components/UploadList';

const FOLDER_KEY = 'portal-folder';

export function App({ config }: { config: PortalConfig }) {
  // One client for the page's life. The token comes from our backend, which holds the secret.
  const [client] = useState(() =>
    createSmhClient({
      baseUrl: config.baseUrl,
      libraryId: config.libraryId,
      spaceId: config.spaceId,
      ...(config.userId ? { userId: config.userId } : {}),
      accessToken: createTokenGetter('/demo-api/token'),
    }),
  );
  // The emulator speaks plain http on loopback; a real library is always https.
  const [defaults] = useState<Partial<UploadDefaults>>(() => ({ allowInsecureHttp: config.mode === 'emulator' }));
  // Kept across reloads, so "Finished files" lists the same folder after a reload mid-upload.
  const [folder, setFolder] = useState(() => sessionStorage.getItem(FOLDER_KEY) ?? 'claims/2026');
  const changeFolder = (next: string) => {
    setFolder(next);
    sessionStorage.setItem(FOLDER_KEY, next);
  };
  const [strategy, setStrategy] = useState<ConflictResolutionStrategy>('ask');
  const [stores] = useState(createPortalStores);
  const [keepFiles, setKeepFiles] = useState(readKeepFiles);

  return (
    <SmhUploadProvider client={client} defaults={defaults} store={keepFiles ? stores.withFiles : stores.recordsOnly}>
      <a className="portal-skip" href="#main">
        Skip to content
      </a>
      <div className="portal">
        <header className="portal-header">
          <div className="portal-brand">
            <svg viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
              <rect width="32" height="32" rx="8" fill="currentColor" />
              <path d="M16 23V10m0 0-5 5m5-5 5 5" stroke="var(--portal-surface)" strokeWidth="2.6" fill="none" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            <div>
              <p className="portal-brand__name">Acme Insurance</p>
              <p className="portal-brand__tag">Customer portal</p>
            </div>
          </div>
          <div className="portal-header__end">
            <p className="portal-badge" data-mode={config.mode}>
              {config.mode === 'emulator' ? 'Local emulator' : `SMH library ${config.libraryId}`}
            </p>
            <ThemeSwitch />
          </div>
        </header>

        <main id="main" className="portal-main" tabIndex={-1}>
          <div className="portal-intro">
            <h1>Send us your documents</h1>
            <p>
              Add claim photos, invoices or videos. Large files upload in parts: you can pause, close this tab and
              come back later, and only what is missing is sent again.
            </p>
          </div>
          <SendFiles
            folder={folder}
            onFolderChange={changeFolder}
            strategy={strategy}
            onStrategyChange={setStrategy}
            keepFiles={keepFiles}
            onKeepFilesChange={(keep) => {
              setKeepFiles(keep);
              saveKeepFiles(keep);
            }}
          />
          <ResumableList />
          <UploadList />
          <FinishedFiles client={client} folder={folder} />
        </main>

        {config.faults && <FaultPanel folder={folder} />}

        <footer className="portal-footer">
          <p>
            Built with <code>react-smh-upload</code>. Files go straight from your browser to storage; this site never
            sees them.
          </p>
        </footer>
      </div>
    </SmhUploadProvider>
  );
}
