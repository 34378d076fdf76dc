import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
// oxlint-disable-next-line import/no-unassigned-import -- stylesheets are imported for their effect
import 'react-smh-upload/styles.css';
// oxlint-disable-next-line import/no-unassigned-import -- as above
import './app.css';
import { App } from './App';
import { loadConfig } from './config';
import { applyTheme, readTheme } from './theme';

// Before the first paint, so a dark-theme visitor never sees a white flash.
applyTheme(readTheme());

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false } },
});
const root = createRoot(document.getElementById('root')!);

try {
  const config = await loadConfig();
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App config={config} />
      </QueryClientProvider>
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <main className="portal-fatal">
      <h1>The portal could not start</h1>
      <p role="alert">{error instanceof Error ? error.message : String(error)}</p>
    </main>,
  );
}
