// `truce export` / `truce import` between SQLite and PostgreSQL, both ways, with the real CLI.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PG_SKIP, startPg, type PgServer } from './helpers/pg.ts';
import { truceProc } from './helpers/crash.ts';
import { assertSameStore, fillStore } from './helpers/transfer.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { openStore } from '../src/store/open.ts';

if (PG_SKIP) {
  it('export/import with PostgreSQL', { skip: PG_SKIP }, () => {});
} else {
  let server: PgServer;
  before(async () => { server = await startPg(); });
  after(async () => { await server?.stop(); });

  it('SQLite -> PostgreSQL (export --to) -> file (export --out) -> SQLite (import): the same store', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'truce-pgx-'));
    const src = path.join(dir, 'src.db');
    const a = openSqliteStore(src); await a.migrate(); await fillStore(a); await a.close();
    const url = server.createDb('transfer');
    const e1 = truceProc(['export', '--db', src, '--to', url], dir);
    assert.equal(await e1.done, 0, e1.err());
    const dump = path.join(dir, 'dump.jsonl');
    const e2 = truceProc(['export', '--db', url, '--out', dump], dir);
    assert.equal(await e2.done, 0, e2.err());
    const back = path.join(dir, 'back.db');
    const i1 = truceProc(['import', dump, '--db', back], dir);
    assert.equal(await i1.done, 0, i1.err());
    assert.match(i1.out(), /^imported 2 documents, 1 agreements, 1 corrections, 1 verdicts, 1 audit entries/);
    const i2 = truceProc(['import', dump, '--db', back], dir);
    assert.equal(await i2.done, 1);
    assert.match(i2.err(), /not empty/);
    const [sa, pg, sb] = [await openStore(src), await openStore(url), await openStore(back)];
    await assertSameStore(sa, pg);
    await assertSameStore(sa, sb);
    await Promise.all([sa.close(), pg.close(), sb.close()]);
  });
}
