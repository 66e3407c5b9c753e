// The Store contract against PostgreSQL, on a throwaway server (test/helpers/pg.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postgresMigrations } from '../src/store/postgres/migrations.ts';
import { PG_SKIP, startPg, type PgServer } from './helpers/pg.ts';
import { storeContract } from './store-contract.ts';
import { openPostgresStore } from '../src/store/postgres/index.ts';
import { openStore } from '../src/store/open.ts';

if (PG_SKIP) {
  it('PostgreSQL store', { skip: PG_SKIP }, () => {});
} else {
  let server: PgServer;
  before(async () => { server = await startPg(); });
  after(async () => { await server?.stop(); });

  storeContract('postgres', async () => openPostgresStore(server.createDb('contract')));

  describe('postgres specifics', () => {
    it('openStore picks PostgreSQL for postgres:// URLs and migrates; concurrent migrations apply once', async () => {
      const url = server.createDb('open');
      const stores = await Promise.all([openStore(url), openStore(url), openStore(url)]);
      assert.deepEqual(stores.map((s) => s.kind), ['postgres', 'postgres', 'postgres']);
      const s = stores[0] as Awaited<ReturnType<typeof openPostgresStore>>;
      const v = await s.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
      assert.equal(v.rows[0].n, postgresMigrations.length);
      await Promise.all(stores.map((x) => x.close()));
    });

    it('the audit log refuses updates and deletes', async () => {
      const s = await openPostgresStore(server.createDb('audit'));
      await s.migrate();
      await s.audit({ user: 'u', action: 'a', target: 't', before: null, after: 1 });
      await assert.rejects(s.pool.query("UPDATE audit SET user_name = 'x'"), /append-only/);
      await assert.rejects(s.pool.query('DELETE FROM audit'), /append-only/);
      await s.close();
    });

    it('a wrong URL is a DATABASE error naming the server without its password', async () => {
      await assert.rejects(openPostgresStore(`postgres://postgres:secret@127.0.0.1:${server.port + 0}/nope_db`), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'DATABASE');
        assert.match(e.message, /nope_db/);
        assert.doesNotMatch(e.message, /secret/);
        return true;
      });
    });
  });
}
