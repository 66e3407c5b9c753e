import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { storeContract } from './store-contract.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'truce-store-'));
storeContract('sqlite', async () => openSqliteStore(path.join(dir, 'contract.db')));

test('sqlite: the audit log refuses updates and deletes', async () => {
  const s = openSqliteStore(path.join(dir, 'audit.db'));
  await s.migrate();
  await s.audit({ user: 'u', action: 'a', target: 't', before: null, after: 1 });
  assert.throws(() => s.db.prepare('UPDATE audit SET user = ?').run('x'), /append-only/);
  assert.throws(() => s.db.prepare('DELETE FROM audit').run(), /append-only/);
  await s.close();
});

test('sqlite: dataVersion holds across reads and moves on any commit, ours or another connection\'s', async () => {
  const { sampleDoc } = await import('./store-contract.ts');
  const file = path.join(dir, 'version.db');
  const a = openSqliteStore(file);
  await a.migrate();
  const v0 = await a.dataVersion();
  await a.listEvents({});
  await a.countDocuments();
  assert.equal(await a.dataVersion(), v0, 'reads leave the version alone');
  await a.putDocuments([sampleDoc('v1', 'Troops withdrew from Agdam.', [])]);
  const v1 = await a.dataVersion();
  assert.notEqual(v1, v0, 'our own write moves it');
  const b = openSqliteStore(file);
  await b.putDocuments([sampleDoc('v2', 'Peacekeepers deployed to Lachin.', [])]);
  await b.close();
  assert.notEqual(await a.dataVersion(), v1, 'another connection\'s commit moves it');
  await a.close();
});
