// Distributed ingest and crash safety on a real (throwaway) PostgreSQL server, with real processes:
// `truce ingest --queue` + `truce worker` (pg-boss), kill -9 of a worker and of `truce ingest` mid-run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PG_SKIP, startPg, type PgServer } from './helpers/pg.ts';
import { SLOW, truceProc, waitFor, writeReports } from './helpers/crash.ts';
import { enqueue } from '../src/ingest/queue.ts';

const N = 80;

async function stats(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const docs = await c.query('SELECT id, extraction FROM documents');
    const ev = await c.query('SELECT doc_id, count(*)::int AS n FROM events GROUP BY doc_id');
    const byDoc = new Map(ev.rows.map((r) => [r.doc_id as string, r.n as number]));
    const half = docs.rows.filter((r) => JSON.parse(r.extraction).events.length !== (byDoc.get(r.id) ?? 0)).map((r) => r.id);
    return { count: docs.rowCount ?? 0, ids: docs.rows.map((r) => r.id as string), half };
  } finally {
    await c.end();
  }
}

async function countDocs(url: string): Promise<number> {
  try { return (await stats(url)).count; } catch { return 0; }
}

if (PG_SKIP) {
  it('PostgreSQL queue and crash tests', { skip: PG_SKIP }, () => {});
} else {
  describe('PostgreSQL: queue, workers, crashes', () => {
    let server: PgServer;
    let dir: string;
    let file: string;
    before(async () => {
      server = await startPg();
      dir = mkdtempSync(path.join(tmpdir(), 'truce-pgq-'));
      file = path.join(dir, 'reports.jsonl');
      writeReports(file, N);
    });
    after(async () => { await server?.stop(); });

    it('ingest --queue, a worker killed with -9, two more workers: every document stored exactly once', async () => {
      const url = server.createDb('queue');
      const q = truceProc(['ingest', file, '--queue', '--job-timeout', '3', '--db', url, '--json'], dir);
      assert.equal(await q.done, 0, q.err());
      assert.equal(JSON.parse(q.out()).queued, N);
      // queuing the same documents again queues nothing (job ids come from content hashes)
      const q2 = await enqueue([file], url, { maxBytes: 1 << 20 });
      assert.deepEqual([q2.queued, q2.skipped, q2.failed.length], [0, N, 0]);

      const wopts = ['--db', url, '--workers', '0', '--batch-size', '5', '--job-timeout', '3', '--maintenance', '1'];
      const victim = truceProc(['worker', ...wopts], dir, SLOW);
      await waitFor(async () => (await countDocs(url)) > 0 || victim.exitCode !== null, 90000, 'the first stored batch');
      victim.kill('SIGKILL');
      await victim.done;
      const before = await countDocs(url);
      assert.ok(before > 0 && before < N, `stored before the kill: ${before}`);

      const w1 = truceProc(['worker', ...wopts, '--once'], dir);
      const w2 = truceProc(['worker', ...wopts, '--once'], dir);
      const [c1, c2] = await Promise.all([w1.done, w2.done]);
      assert.equal(c1, 0, w1.err());
      assert.equal(c2, 0, w2.err());
      const s = await stats(url);
      assert.equal(s.count, N);
      assert.equal(new Set(s.ids).size, N);
      assert.ok(s.ids.every((id) => /^r\d+$/.test(id)), 'no suffixed (duplicated) ids');
      assert.deepEqual(s.half, []);
    });

    it('kill -9 of truce ingest --db postgres:// mid-run, then a rerun: nothing lost, nothing duplicated', async () => {
      const url = server.createDb('direct');
      const p = truceProc(['ingest', file, '--db', url, '--workers', '1', '--batch-size', '5', '--no-near-dup'], dir, SLOW);
      await waitFor(async () => (await countDocs(url)) > 0 || p.exitCode !== null, 90000, 'the first committed batch');
      p.kill('SIGKILL');
      await p.done;
      const committed = (await stats(url)).count;
      assert.ok(committed > 0 && committed < N, `committed before the kill: ${committed}`);
      assert.deepEqual((await stats(url)).half, []);
      const again = truceProc(['ingest', file, '--db', url, '--workers', '1', '--no-near-dup', '--json'], dir);
      assert.equal(await again.done, 0, again.err());
      const s = JSON.parse(again.out());
      assert.equal(s.ingestedCount, N - committed);
      assert.equal(s.duplicates.length, committed);
      const st = await stats(url);
      assert.equal(st.count, N);
      assert.equal(new Set(st.ids).size, N);
    });

    it('near-duplicates queued as separate jobs (one run or two), two workers at once: each story stored once with both sources', async () => {
      const url = server.createDb('neardup');
      const story = (town: string, n: number) =>
        `Government forces withdrew from ${town} on Tuesday after ${n} weeks of fighting, the regional governor said. ` +
        `Convoys of trucks carried equipment out of ${town} along the main highway while observers from the monitoring ` +
        `mission counted vehicles at the checkpoint. Local officials said about ${n * 100} families had returned to their ` +
        `homes in ${town} since the truce took effect, and that the market had reopened for the first time in months.`;
      const towns = ['Northtown', 'Southville', 'Eastburg', 'Westport', 'Riverside', 'Hillcrest'];
      const rec = (id: string, text: string) => JSON.stringify({ id, text, date: '2020-11-24', url: `https://wire.example/${id}` });
      const f1 = path.join(dir, 'near1.jsonl');
      const f2 = path.join(dir, 'near2.jsonl');
      // run 1: six stories and an edited wire copy of one of them; run 2: an edited copy of another
      writeFileSync(f1, [...towns.map((t, i) => rec(t.toLowerCase(), story(t, i + 2))),
        rec('south-wire', story('Southville', 3).replace('the regional governor said', 'the governor said'))].join('\n'));
      writeFileSync(f2, rec('north-wire', `${story('Northtown', 2)} (Reporting by the wire desk.)`));
      const q1 = await enqueue([f1], url, { maxBytes: 1 << 20 });
      const q2 = await enqueue([f2], url, { maxBytes: 1 << 20 });
      assert.deepEqual([q1.queued, q2.queued], [7, 1]);
      const wopts = ['--db', url, '--workers', '0', '--batch-size', '1', '--once'];
      const w1 = truceProc(['worker', ...wopts], dir);
      const w2 = truceProc(['worker', ...wopts], dir);
      const [c1, c2] = await Promise.all([w1.done, w2.done]);
      assert.equal(c1, 0, w1.err());
      assert.equal(c2, 0, w2.err());
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const ids = (await c.query('SELECT id FROM documents ORDER BY id')).rows.map((r) => r.id as string);
        assert.equal(ids.length, 6, ids.join(', '));
        const src = (await c.query("SELECT doc_id, id, kind, url FROM document_sources ORDER BY doc_id")).rows;
        // whichever copy a worker stored first is the document; the other is its near source
        const pairs = [['northtown', 'north-wire'], ['southville', 'south-wire']];
        for (const [a, b] of pairs) {
          const stored = ids.includes(a) ? a : b;
          const other = stored === a ? b : a;
          assert.ok(!ids.includes(other), `${a} and ${b} are both stored`);
          const row = src.find((r) => r.doc_id === stored);
          assert.ok(row, `no source recorded for ${stored}`);
          assert.deepEqual([row.id, row.kind, row.url], [other, 'near', `https://wire.example/${other}`]);
        }
        assert.equal(src.length, 2);
        const sigs = await c.query('SELECT count(*)::int AS n FROM neardup_signatures');
        assert.equal(sigs.rows[0].n, 6);
      } finally {
        await c.end();
      }
      const out = `${w1.out()}${w2.out()}`;
      const near = [...out.matchAll(/\((\d+) near\)/g)].reduce((n, m) => n + Number(m[1]), 0);
      assert.equal(near, 2, out);
    });

    it('two `truce ingest` runs at once on one database, each with one of three wire-copy pairs: each story stored once', async () => {
      const url = server.createDb('neardup_direct');
      const story = (town: string, n: number) =>
        `Rebel fighters handed over ${n} checkpoints around ${town} to the joint commission on Friday, the monitoring ` +
        `mission said. Observers watched the fighters load their weapons onto trucks bound for the assembly area east of ` +
        `${town}, and the commission posted police at the crossings. Traders said the road to ${town} was open again ` +
        `and that fuel prices had fallen by half since the handover plan was signed in the capital last month.`;
      const towns = ['Lakeside', 'Pinewood', 'Stonebridge'];
      const rec = (id: string, text: string) => JSON.stringify({ id, text, date: '2021-03-12', url: `https://wire.example/${id}` });
      const fa = path.join(dir, 'direct-a.jsonl');
      const fb = path.join(dir, 'direct-b.jsonl');
      writeFileSync(fa, towns.map((t, i) => rec(`${t.toLowerCase()}-a`, story(t, i + 3))).join('\n'));
      writeFileSync(fb, towns.map((t, i) => rec(`${t.toLowerCase()}-b`, `${story(t, i + 3).replace('the monitoring mission said', 'monitors said')} (Wire desk.)`)).join('\n'));
      const args = (f: string) => ['ingest', f, '--db', url, '--workers', '1', '--batch-size', '1'];
      const a = truceProc(args(fa), dir);
      const b = truceProc(args(fb), dir);
      const [ca, cb] = await Promise.all([a.done, b.done]);
      assert.equal(ca, 0, a.err());
      assert.equal(cb, 0, b.err());
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const ids = (await c.query('SELECT id FROM documents ORDER BY id')).rows.map((r) => r.id as string);
        assert.equal(ids.length, 3, `one document per story: ${ids.join(', ')}`);
        for (const t of towns) assert.equal(ids.filter((x) => x.startsWith(t.toLowerCase())).length, 1, `${t}: ${ids.join(', ')}`);
        const src = (await c.query("SELECT doc_id, id FROM document_sources WHERE kind = 'near'")).rows;
        assert.equal(src.length, 3, JSON.stringify(src));
        for (const r of src) assert.notEqual(r.doc_id, r.id);
      } finally {
        await c.end();
      }
    });

    it('worker and --queue refuse a SQLite database (usage error)', async () => {
      const w = truceProc(['worker', '--db', path.join(dir, 'x.db')], dir);
      assert.equal(await w.done, 2);
      assert.match(w.err(), /needs a postgres:\/\/ database/);
    });
  });
}
