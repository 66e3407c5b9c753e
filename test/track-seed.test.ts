// Seed acceptance (issue 3): the example agreement + the founding fixture ingested with --date 2020-12-01,
// then `truce status --as-of 2020-12-01`: a real SQLite file in a temp dir, the real extract pipeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/open.ts';
import { ingest } from '../src/ingest/ingest.ts';
import { loadAgreementFile, storeAgreement } from '../src/track/load.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = path.resolve(root, '../shared/fixtures/lachin-handover.txt');
const truce = (args: string[]) => execFileSync(process.execPath, [path.join(root, 'bin/truce.js'), ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface Row {
  id: string; status: string; due: string | null; amendedDue: string | null; done: string | null; daysLate: number | null;
  daysLateAmended: number | null; sources: number; events: string[]; evidence: { docId: string; start: number; end: number; text: string }[];
}

test('seed: status of the trilateral statement as of 2020-12-01 after the founding report', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'truce-seed-'));
  const db = path.join(dir, 'seed.db');
  try {
    // load and ingest in this process (the same library calls the CLI makes), status through the CLI
    const store = await openStore(db);
    try {
      const file = path.join(root, 'examples/agreements/karabakh-2020.yaml');
      assert.equal(await storeAgreement(store, await loadAgreementFile(file), file), 'inserted');
      const r = await ingest([fixture], store, { date: '2020-12-01', maxBytes: 20 * 1024 * 1024, workers: 0 });
      assert.equal(r.ingested.length, 1);
    } finally {
      await store.close();
    }
    const out = JSON.parse(truce(['status', '--as-of', '2020-12-01', '--json', '--db', db]));
    assert.equal(out.asOf, '2020-12-01');
    const ag = out.agreements.find((a: { id: string }) => a.id === 'karabakh-2020');
    assert.ok(ag, 'agreement listed');
    assert.equal(ag.signed, '2020-11-10');
    const rows = new Map<string, Row>(ag.provisions.map((p: Row) => [p.id, p]));
    const text = readFileSync(fixture, 'utf8');

    const k = rows.get('kalbajar')!;
    assert.equal(k.status, 'fulfilled_late');
    assert.equal(k.due, '2020-11-15');
    assert.equal(k.done, '2020-11-25');
    assert.equal(k.daysLate, 10);
    assert.equal(k.amendedDue, '2020-11-25');
    assert.equal(k.daysLateAmended, 0);

    const a = rows.get('agdam')!;
    assert.equal(a.status, 'fulfilled');
    assert.equal(a.done, null);
    assert.equal(a.daysLate, null);

    const l = rows.get('lachin')!;
    assert.equal(l.status, 'fulfilled');
    assert.equal(l.done, '2020-12-01');
    assert.equal(l.daysLate, 0);

    assert.equal(rows.get('corridor')!.status, 'ongoing');

    // each row names its evidence: offsets into the stored text, and the text at them
    for (const [id, re] of [['kalbajar', /Kalbajar/], ['agdam', /Agdam/], ['lachin', /Lachin/], ['corridor', /corridor/]] as const) {
      const r = rows.get(id)!;
      assert.ok(r.evidence.length > 0, `${id} has evidence`);
      assert.equal(r.sources, 1, `${id}: one report`);
      assert.match(r.evidence[0].text, re, `${id} evidence names it`);
      for (const e of r.evidence) assert.equal(text.slice(e.start, e.end), e.text, `${id} evidence offsets`);
    }
    assert.match(rows.get('kalbajar')!.evidence[0].text, /November 25/);
    assert.ok(rows.get('kalbajar')!.evidence.some((e) => /delayed for 10 days/.test(e.text)), 'the amendment is part of the evidence');
    // the ceasefire is not broken by the war that ended before it
    assert.equal(rows.get('ceasefire')!.status, 'ongoing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
