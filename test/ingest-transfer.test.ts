// export / import between stores through the Store interface (SQLite to SQLite here; PostgreSQL in
// test/postgres-transfer.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { dumpStore, loadStore, type DumpRecord } from '../src/ingest/transfer.ts';
import { assertSameStore, fillStore } from './helpers/transfer.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'truce-transfer-'));

test('dump and load: documents, events (corrected), agreements, verdicts, audit, sources and signatures arrive intact', async () => {
  const a = openSqliteStore(path.join(dir, 'a.db')); await a.migrate();
  const b = openSqliteStore(path.join(dir, 'b.db')); await b.migrate();
  await fillStore(a);
  const records: DumpRecord[] = [];
  for await (const r of dumpStore(a)) records.push(JSON.parse(JSON.stringify(r)));
  assert.equal(records[0].type, 'truce-export');
  const c = await loadStore((async function* () { yield* records; })(), b);
  assert.deepEqual(c, { documents: 2, agreements: 1, corrections: 1, verdicts: 1, audit: 1, users: 2, sources: 1, signatures: 1, state: 1 });
  // the dump holds token hashes, never more; documents keep their ingestedAt
  const users = records.filter((r) => r.type === 'user');
  assert.deepEqual(users.map((r) => r.type === 'user' && [r.user.name, r.user.tokenHash.length]), [['ann', 64], ['root', 64]]);
  const docA = records.find((r) => r.type === 'document' && r.item.doc.id === 'agdam');
  assert.equal(docA?.type === 'document' && docA.ingestedAt, (await a.getDocument('agdam'))?.ingestedAt);
  await assertSameStore(a, b);
  // a non-empty target is refused unless merging; merging the same dump adds nothing
  await assert.rejects(loadStore((async function* () { yield* records; })(), b), /not empty/);
  const again = await loadStore((async function* () { yield* records.filter((r) => r.type === 'truce-export' || r.type === 'document' || r.type === 'agreement' || r.type === 'user'); })(), b, { merge: true });
  assert.equal(again.documents, 0);
  assert.equal(again.users, 0);
  // merging a different user under a stored name is a conflict
  const otherAnn = records.map((r) => (r.type === 'user' && r.user.name === 'ann' ? { ...r, user: { ...r.user, role: 'admin' as const } } : r))
    .filter((r) => r.type === 'truce-export' || r.type === 'user');
  await assert.rejects(loadStore((async function* () { yield* otherAnn; })(), b, { merge: true }), /different user "ann"/);
  assert.equal(await b.countDocuments(), 2);
  // a tampered document is refused
  const bad = records.map((r) => (r.type === 'document' ? { ...r, item: { ...r.item, doc: { ...r.item.doc, text: 'changed' } } } : r));
  const c2 = openSqliteStore(path.join(dir, 'c.db')); await c2.migrate();
  await assert.rejects(loadStore((async function* () { yield* bad; })(), c2), /content hash/);
  await Promise.all([a.close(), b.close(), c2.close()]);
});
