// Ships the optional default look as `react-smh-upload/styles.css`.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
const source = 'src/components/styles.css';
if (!existsSync(source)) throw new Error(`${source} is missing: the package exports ./styles.css`);
copyFileSync(source, 'dist/styles.css');
