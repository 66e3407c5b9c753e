// `truce ingest` as a user runs it: a summary, exit codes, the same store afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../src/store/sqlite/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = path.resolve(root, '../shared/fixtures/lachin-handover.txt');
const dir = mkdtempSync(path.join(tmpdir(), 'truce-cli-i-'));

function truce(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/truce.js'), ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('ingest: files and folders into ./truce.db by default; summary; re-ingest changes nothing', async () => {
  const reports = path.join(dir, 'reports');
  mkdirSync(reports);
  writeFileSync(path.join(reports, 'agdam.txt'), 'Armenian forces completed their withdrawal from the Agdam district on Friday, the ministry said.');
  const r = truce(['ingest', fixture, reports, '--date', '2020-12-01', '--workers', '1']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^ingested 2, duplicate 0, failed 0 \(2 read/);
  const store = openSqliteStore(path.join(dir, 'truce.db'));
  assert.equal(await store.countDocuments(), 2);
  assert.equal((await store.getDocument('lachin-handover'))?.dct, '2020-12-01');
  await store.close();
  const again = truce(['ingest', fixture, reports, '--date', '2020-12-01', '--json']);
  assert.equal(again.code, 0, again.err);
  const s = JSON.parse(again.out);
  assert.equal(s.ingestedCount, 0);
  assert.deepEqual(s.duplicates.map((d: { existingId: string }) => d.existingId).sort(), ['agdam', 'lachin-handover']);
});

test('ingest: bad inputs are listed with reasons, the rest is stored, exit 1; TRUCE_DB selects the store', async () => {
  const empty = path.join(dir, 'empty.txt'); writeFileSync(empty, '');
  const good = path.join(dir, 'good.txt'); writeFileSync(good, 'Peacekeepers set up a new observation post near the bridge on Monday.');
  const db = path.join(dir, 'other.db');
  const r = truce(['ingest', empty, path.join(dir, 'absent.txt'), good, '--workers', '0'], { TRUCE_DB: db });
  assert.equal(r.code, 1);
  assert.match(r.out, /^ingested 1, duplicate 0, failed 2/);
  assert.match(r.out, /failed: .*empty\.txt: the input is empty/);
  assert.match(r.out, /failed: .*absent\.txt: no such file/);
  const store = openSqliteStore(db);
  assert.equal(await store.countDocuments(), 1);
  await store.close();
});

test('ingest: usage errors exit 2 and store nothing', () => {
  assert.equal(truce(['ingest']).code, 2);
  const r = truce(['ingest', fixture, '--workers', 'lots']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--workers: "lots" is not a whole number/);
  assert.equal(truce(['ingest', fixture, '--date', '2021-02-29']).code, 1);
});
