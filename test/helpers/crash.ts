// Helpers for crash-safety tests: documents, processes, waiting.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const towns = ['Northtown', 'Southville', 'Eastburg', 'Westport', 'Riverside', 'Hillcrest', 'Lakeview', 'Stonebridge', 'Oakfield', 'Millbrook'];
const verbs = ['withdrew from', 'entered', 'shelled', 'handed over', 'evacuated', 'patrolled', 'reinforced', 'left'];
const actors = ['Government forces', 'Rebel fighters', 'Peacekeepers', 'Police units', 'Militia members', 'Border guards'];

/** n distinct short reports as JSON lines {id, text, date}. */
export function writeReports(file: string, n: number): void {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = actors[i % actors.length], v = verbs[(i * 7) % verbs.length], t = towns[(i * 3) % towns.length];
    const text = `Report number ${i}: ${a} ${v} ${t} on Tuesday, officials said. ` +
      `About ${i * 13 + 7} people were moved to shelters in ${towns[(i + 5) % towns.length]} after item ${i} was filed.`;
    lines.push(JSON.stringify({ id: `r${i}`, text, date: '2020-11-24' }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

export function truceProc(args: string[], cwd: string, env: Record<string, string> = {}): ChildProcess & { out: () => string; err: () => string; done: Promise<number | null> } {
  const p = spawn(process.execPath, [path.join(root, 'bin/truce.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '', err = '';
  p.stdout!.on('data', (d) => { out += d; });
  p.stderr!.on('data', (d) => { err += d; });
  const done = new Promise<number | null>((resolve) => p.on('close', (code) => resolve(code)));
  return Object.assign(p, { out: () => out, err: () => err, done });
}

/** Makes `truce ingest` and `truce worker` pause after each committed batch, so a kill lands mid-run. */
export const SLOW = { TRUCE_INGEST_THROTTLE_MS: '400' };

export async function waitFor(cond: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    if (await cond()) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
