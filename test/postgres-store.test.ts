// The Store contract against PostgreSQL, on a throwaway server (test/helpers/pg.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { postgresMigrations } from '../src/store/postgres/migrations.ts';
import { PG_SKIP, pgBin, startPg, type PgServer } from './helpers/pg.ts';
import pg from 'pg';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sampleDoc, storeContract } from './store-contract.ts';
import { openPostgresStore } from '../src/store/postgres/index.ts';
import { openStore } from '../src/store/open.ts';

/** Whether this PostgreSQL installation has the PostGIS extension files. */
function hasPostgis(): boolean {
  const bin = pgBin();
  if (!bin) return false;
  return existsSync(path.join(bin, '..', '..', '..', '..', 'share', 'postgresql', path.basename(path.dirname(bin)), 'extension', 'postgis.control'));
}

if (PG_SKIP) {
  it('PostgreSQL store', { skip: PG_SKIP }, () => {});
} else {
  let server: PgServer;
  before(async () => { server = await startPg(); });
  after(async () => { await server?.stop(); });

  storeContract('postgres', async () => openPostgresStore(server.createDb('contract')));
  // the same contract without PostGIS (plain comparisons, as on a server that lacks the extension)
  storeContract('postgres without PostGIS', async () => openPostgresStore(server.createDb('contract_plain'), { postgis: false }));

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

    it('spatial filters use PostGIS (generated point, GiST indexes) when the server has it', { skip: hasPostgis() ? false : 'PostGIS is not installed (Debian postgresql-15-postgis-3)' }, async () => {
      const s = await openPostgresStore(server.createDb('gis'));
      await s.migrate();
      assert.equal(s.postgis, true);
      await s.migrate(); // idempotent
      const idx = await s.pool.query("SELECT indexname FROM pg_indexes WHERE tablename = 'events' AND indexname IN ('events_geom', 'events_geog') ORDER BY 1");
      assert.deepEqual(idx.rows.map((r) => r.indexname), ['events_geog', 'events_geom']);
      const c = await s.pool.connect();
      try {
        // the planner can answer both filters from the indexes (sequential scans off: the table is tiny)
        await c.query('SET enable_seqscan = off');
        const plan = async (sql: string, p: unknown[]) => (await c.query(`EXPLAIN ${sql}`, p)).rows.map((r) => r['QUERY PLAN']).join('\n');
        assert.match(await plan('SELECT id FROM events e WHERE e.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)', [46, 39, 47, 40]), /events_geom/);
        assert.match(await plan('SELECT id FROM events e WHERE ST_DWithin(e.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, $3, false)', [46.5, 39.6, 5000]), /events_geog/);
      } finally {
        c.release();
      }
      await s.close();
    });

    it('a role that may not create PostGIS gets a working store with plain spatial filters', async () => {
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query('CREATE ROLE truce_app LOGIN');
      await admin.query('CREATE DATABASE gis_denied OWNER truce_app');
      await admin.end();
      const s = await openPostgresStore(server.url.replace('postgres@', 'truce_app@').replace(/\/postgres$/, '/gis_denied'));
      await s.migrate();
      assert.equal(s.postgis, false);
      const col = await s.pool.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'events' AND column_name = 'geom'");
      assert.equal(col.rowCount, 0);
      await s.putDocuments([sampleDoc('d', 'Azerbaijani units entered Lachin on Tuesday.', [])]);
      assert.equal(await s.countEvents({ bbox: [46, 39, 47, 40], near: [46.55, 39.64, 10] }), 0);
      await s.close();
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
