// Crash safety on SQLite with real processes: kill -9 of `truce ingest` mid-run loses nothing that
// was committed, leaves nothing half-written, and a rerun completes the set without duplicates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SLOW, truceProc, waitFor, writeReports } from './helpers/crash.ts';

const N = 80;

test('kill -9 of truce ingest mid-run, then a rerun: every document exactly once, none half-written', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'truce-crash-'));
  const file = path.join(dir, 'reports.jsonl');
  writeReports(file, N);
  const dbFile = path.join(dir, 'crash.db');
  const count = () => {
    try {
      const db = new Database(dbFile, { readonly: true, fileMustExist: true });
      try { return Number((db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n); } finally { db.close(); }
    } catch { return 0; }
  };
  const p = truceProc(['ingest', file, '--db', dbFile, '--workers', '1', '--batch-size', '5', '--no-near-dup'], dir, SLOW);
  await waitFor(async () => count() > 0 || p.exitCode !== null, 60000, 'the first committed batch');
  p.kill('SIGKILL');
  await p.done;
  const committed = count();
  assert.ok(committed > 0 && committed < N, `committed before the kill: ${committed}`);

  const db = new Database(dbFile);
  assert.equal((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
  // nothing half-written: every stored document has exactly the events its extraction lists
  const half = db.prepare(`SELECT d.id FROM documents d WHERE json_array_length(json_extract(d.extraction, '$.events'))
    != (SELECT count(*) FROM events e WHERE e.doc_id = d.id)`).all();
  assert.deepEqual(half, []);
  db.close();

  const again = truceProc(['ingest', file, '--db', dbFile, '--workers', '1', '--no-near-dup', '--json'], dir);
  assert.equal(await again.done, 0, again.err());
  const s = JSON.parse(again.out());
  assert.equal(s.ingestedCount, N - committed);
  assert.equal(s.duplicates.length, committed);
  assert.equal(count(), N);
  const db2 = new Database(dbFile, { readonly: true });
  const ids = db2.prepare('SELECT id FROM documents').all().map((r) => (r as { id: string }).id);
  assert.equal(new Set(ids).size, N);
  assert.ok(ids.every((id) => /^r\d+$/.test(id)), 'no suffixed (duplicated) ids');
  db2.close();
});
