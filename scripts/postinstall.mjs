// Runs after `npm install`: builds what the product needs at run time from installed packages
// (the gazetteer index, the dashboard bundle). Each step is skipped if its script is not there yet.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const steps = [
  { name: 'gazetteer', file: 'scripts/build-gazetteer.ts', cmd: ['npx', '--no-install', 'tsx', 'scripts/build-gazetteer.ts'] },
  { name: 'dashboard', file: 'web/index.html', cmd: ['npx', '--no-install', 'vite', 'build', 'web', '--emptyOutDir', '--logLevel', 'warn'] },
];
for (const s of steps) {
  if (!existsSync(path.join(root, s.file))) continue;
  console.error(`truce: building ${s.name}...`);
  const r = spawnSync(s.cmd[0], s.cmd.slice(1), { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`truce: building ${s.name} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}
