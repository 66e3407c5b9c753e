// Runs each named script of a folder in turn: `npm run eval` (accuracy against ../shared/data gold,
// scored with ../shared/tools) and `npm run bench` (speed and memory) both use it.
// Usage: tsx scripts/run-each.ts DIR NAME... [-- ONLY...]; names after `--` pick a subset.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const dir = args[0];
const sep = args.indexOf('--');
const all = args.slice(1, sep < 0 ? undefined : sep);
const only = sep < 0 ? [] : args.slice(sep + 1);
const chosen = only.length ? only : all;
let failed = 0;
for (const name of chosen) {
  const file = path.resolve(dir, `${name}.ts`);
  if (!existsSync(file)) { console.log(`\n== ${dir}/${name}: not written yet`); continue; }
  console.log(`\n== ${dir}/${name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.log(`== ${dir}/${name}: exited ${r.status}`); }
}
process.exit(failed ? 1 : 0);
