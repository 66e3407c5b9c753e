// `npm start`: the main job on the embedded default store. Loads the example agreements, ingests the
// example reports into ./truce.db (SQLite), prints the compliance table, then serves the dashboard.
// Safe to run twice: identical agreements and reports change nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const db = process.env.TRUCE_DB || path.join(root, 'truce.db');
const truce = (args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/truce.js'), ...args, '--db', db], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`npm start: "truce ${args.join(' ')}" failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
};

const agreementsDir = path.join(root, 'examples/agreements');
for (const f of readdirSync(agreementsDir).filter((f) => f.endsWith('.yaml')).sort()) {
  truce(['agreements', 'load', path.join(agreementsDir, f)]);
}

// The example reports carry their publication dates in examples/reports/index.json.
const reportsDir = path.join(root, 'examples/reports');
const index = JSON.parse(readFileSync(path.join(reportsDir, 'index.json'), 'utf8')) as { file: string; date: string; title?: string; source?: string }[];
const jsonl = path.join(mkdtempSync(path.join(tmpdir(), 'truce-start-')), 'examples.jsonl');
writeFileSync(jsonl, index.map((r) => JSON.stringify({
  id: path.basename(r.file, path.extname(r.file)), text: readFileSync(path.join(reportsDir, r.file), 'utf8'),
  date: r.date, title: r.title ?? null, source: r.source ?? null,
})).join('\n') + '\n');
truce(['ingest', jsonl]);
truce(['status']);

if (existsSync(path.join(root, 'src/cli/commands/serve.ts')) && !process.argv.includes('--no-serve')) {
  truce(['serve', '--port', process.env.PORT || '8080']);
}
