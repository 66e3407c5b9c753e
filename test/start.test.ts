// `npm start`'s main job, end to end on a fresh SQLite file: example agreements + example reports ->
// compliance. Run twice: the second run changes nothing (identical agreements and reports).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const db = path.join(mkdtempSync(path.join(tmpdir(), 'truce-start-')), 'truce.db');
const env = { ...process.env, TRUCE_DB: db };
const start = () => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-serve'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const count = (table: string) => {
  const d = new Database(db, { readonly: true });
  try { return (d.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n; } finally { d.close(); }
};

interface Row { id: string; status: string; due: string | null; done: string | null; daysLate: number | null; amendedDue?: string | null; evidence: unknown[] }

test('npm start loads, ingests, prints compliance, and is idempotent', () => {
  const first = start();
  assert.match(first, /kalbajar/i);
  const docs = count('documents');
  const events = count('events');
  assert.ok(docs >= 5, `expected the example reports stored, got ${docs}`);
  assert.ok(events >= docs, `expected events from the reports, got ${events}`);

  const status = JSON.parse(execFileSync(process.execPath, ['bin/truce.js', 'status', '--json', '--as-of', '2020-12-01', '--db', db], { encoding: 'utf8' }));
  const k = status.agreements.find((a: { id: string }) => a.id === 'karabakh-2020');
  const byId: Record<string, Row> = Object.fromEntries(k.provisions.map((p: Row) => [p.id, p]));
  assert.equal(byId.kalbajar.status, 'fulfilled_late');
  assert.equal(byId.kalbajar.daysLate, 10);
  assert.equal(byId.kalbajar.amendedDue, '2020-11-25');
  assert.equal(byId.agdam.status, 'fulfilled');
  assert.equal(byId.lachin.status, 'fulfilled');
  assert.equal(byId.lachin.done, '2020-12-01');
  assert.equal(byId.corridor.status, 'ongoing');
  for (const id of ['kalbajar', 'agdam', 'lachin']) assert.ok(byId[id].evidence.length > 0, `${id} has evidence`);

  start();
  assert.equal(count('documents'), docs);
  assert.equal(count('events'), events);
  assert.equal(count('agreements'), k ? status.agreements.length : 0);
});
