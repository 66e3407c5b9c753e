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
