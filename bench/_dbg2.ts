import { startBenchEmulator } from './lib/emulator';
import { startBenchPage } from './lib/page';
import { launchBrowser } from './lib/browser';
const em = await startBenchEmulator(); const pg = await startBenchPage(); const br = await launchBrowser(pg.url);
const tab = await br.open();
const M = 1024*1024;
const sz = Number(process.argv[2]) * M;
for (const f of [
  () => tab.baseline('rawUpload', [{ target: em.target, sizeBytes: sz, partSize: 8*M, concurrency: 4, name: 'r4.bin' }], 300000),
  () => tab.baseline('cosUpload', [{ cos: em.cosSdk, sizeBytes: sz, name: 'dbg.bin' }], 300000),
]) { try { const r = await f(); console.error('ok', (r as {ms:number}).ms); } catch (e) { console.error('ERR', String(e).slice(0,700)); } }
await tab.close(); await br.close(); await pg.close(); await em.close();
