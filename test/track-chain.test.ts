// The whole chain on the example reports (examples/reports, dates from index.json): both example
// agreements loaded, every report ingested through the real pipeline into a SQLite file, then each
// provision's status as of several dates, with alerts and history.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/store.ts';
import { ingest } from '../src/ingest/ingest.ts';
import { loadAgreementFile, storeAgreement } from '../src/track/load.ts';
import { statusHistory, statusReport, type ProvisionRow } from '../src/track/report.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let dir: string;
let store: Store;
const texts = new Map<string, string>();

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'truce-chain-'));
  store = await openStore(path.join(dir, 'chain.db'));
  for (const f of ['karabakh-2020.yaml', 'minsk-2015.yaml']) {
    const file = path.join(root, 'examples/agreements', f);
    await storeAgreement(store, await loadAgreementFile(file), file);
  }
  const reports = path.join(root, 'examples/reports');
  const index = JSON.parse(readFileSync(path.join(reports, 'index.json'), 'utf8')) as { file: string; date: string; title: string }[];
  const jsonl = path.join(dir, 'reports.jsonl');
  writeFileSync(jsonl, index.map((r) => {
    const id = path.basename(r.file, '.txt');
    const text = readFileSync(path.join(reports, r.file), 'utf8');
    texts.set(id, text);
    return JSON.stringify({ id, text, date: r.date, title: r.title });
  }).join('\n') + '\n');
  const res = await ingest([jsonl], store, { maxBytes: 20 * 1024 * 1024, workers: 0, nearDup: false });
  assert.equal(res.ingested.length, index.length);
});

after(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rows(asOf: string, agreementId: string): Promise<Map<string, ProvisionRow>> {
  const r = await statusReport(store, { asOf, agreementId });
  assert.equal(r.asOf, asOf);
  return new Map(r.agreements[0].provisions.map((p) => [p.id, p]));
}

function checkEvidence(row: ProvisionRow) {
  for (const e of row.evidence) assert.equal(texts.get(e.docId)?.slice(e.start, e.end), e.text, `${row.id}: evidence offsets in ${e.docId}`);
}

test('karabakh-2020 as of several dates', async () => {
  const table: [string, string, Partial<ProvisionRow>][] = [
    ['2020-11-14', 'kalbajar', { status: 'pending', amendedDue: null }],
    ['2020-11-14', 'agdam', { status: 'pending' }],
    ['2020-11-14', 'lachin', { status: 'pending' }],
    ['2020-11-14', 'ceasefire', { status: 'ongoing' }],
    ['2020-11-16', 'kalbajar', { status: 'pending', due: '2020-11-15', amendedDue: '2020-11-25', done: null }],
    ['2020-11-21', 'agdam', { status: 'fulfilled', done: '2020-11-20', daysLate: 0 }],
    ['2020-11-24', 'kalbajar', { status: 'pending', amendedDue: '2020-11-25' }],
    ['2020-11-25', 'kalbajar', { status: 'fulfilled_late', done: '2020-11-25', daysLate: 10, amendedDue: '2020-11-25', daysLateAmended: 0, sources: 2 }],
    ['2020-11-30', 'lachin', { status: 'pending', done: null }],
    ['2020-12-01', 'lachin', { status: 'fulfilled', done: '2020-12-01', daysLate: 0 }],
    ['2020-12-12', 'ceasefire', { status: 'ongoing' }],
    ['2020-12-13', 'ceasefire', { status: 'violated' }],
    ['2020-12-31', 'corridor-new-route', { status: 'pending', due: '2023-11-10' }],
    ['2023-11-11', 'corridor-new-route', { status: 'overdue' }],
  ];
  for (const [asOf, id, want] of table) {
    const r = (await rows(asOf, 'karabakh-2020')).get(id)!;
    for (const [k, v] of Object.entries(want)) assert.deepEqual(r[k as keyof ProvisionRow], v, `${id}.${k} as of ${asOf}`);
    checkEvidence(r);
  }
  const k = (await rows('2020-11-25', 'karabakh-2020')).get('kalbajar')!;
  assert.equal(k.evidence[0].docId, '2020-11-25-kalbajar-handover');
  assert.match(k.evidence[0].text, /entered the Kalbajar district/);
  assert.equal(k.amendment?.docId, '2020-11-15-kalbajar-extension');
  assert.match(k.amendment!.text, /extended until November 25/);
  const c = (await rows('2020-12-13', 'karabakh-2020')).get('ceasefire')!;
  // the clash was on Friday 11 December; the events stage sometimes dates it by the dateline (13th)
  assert.ok(c.violation!.first! >= '2020-12-11' && c.violation!.first! <= '2020-12-13', `first violation ${c.violation?.first}`);
  assert.ok(c.violation?.sides.includes('Azerbaijan'), 'Azerbaijan\'s ministry made the claim');
  assert.equal(c.violation?.denied, true);
  assert.ok(c.evidence.every((e) => e.docId === '2020-12-13-hadrut-clash'));
});

test('minsk-2015 (deadlines relative to other provisions) as of several dates', async () => {
  const table: [string, string, Partial<ProvisionRow>][] = [
    ['2015-02-14', 'ceasefire', { status: 'pending' }],
    ['2015-02-16', 'ceasefire', { status: 'ongoing' }],
    ['2015-02-18', 'ceasefire', { status: 'violated' }],
    ['2015-02-20', 'heavy-weapons', { status: 'pending', due: '2015-03-03' }],
    ['2015-02-26', 'heavy-weapons', { status: 'in_progress' }],
    ['2015-03-04', 'heavy-weapons', { status: 'partial' }],
    ['2015-02-26', 'prisoner-exchange', { due: '2015-03-08' }],
    ['2015-06-01', 'constitutional-reform', { status: 'pending', due: '2015-12-31' }],
  ];
  for (const [asOf, id, want] of table) {
    const r = (await rows(asOf, 'minsk-2015')).get(id)!;
    for (const [k, v] of Object.entries(want)) assert.deepEqual(r[k as keyof ProvisionRow], v, `${id}.${k} as of ${asOf}`);
    checkEvidence(r);
  }
  const c = (await rows('2015-02-18', 'minsk-2015')).get('ceasefire')!;
  assert.ok(c.violation!.first! >= '2015-02-17' && c.violation!.first! <= '2015-02-18', `first violation ${c.violation?.first}`);
  assert.equal(c.violation?.denied, true);
  assert.ok(c.violation?.accused.length);
});

test('alerts: deadlines due within a period, status changes since a date', async () => {
  const r = await statusReport(store, { asOf: '2020-11-12', dueWithin: 7 });
  assert.deepEqual(r.due!.map((d) => `${d.agreementId}/${d.id}`), ['karabakh-2020/kalbajar']);
  const r2 = await statusReport(store, { asOf: '2020-11-16', dueWithin: 7 });
  assert.deepEqual(r2.due!.map((d) => d.id), ['agdam']);
  const r3 = await statusReport(store, { asOf: '2020-11-18', dueWithin: 7, agreementId: 'karabakh-2020' });
  assert.deepEqual(r3.due!.map((d) => d.id), ['agdam', 'kalbajar']);
  const ch = await statusReport(store, { asOf: '2020-12-13', changedSince: '2020-11-30', agreementId: 'karabakh-2020' });
  const got = ch.changed!.map((c) => [c.provisionId, c.from, c.to, c.at, c.docId]);
  assert.deepEqual(got, [
    ['lachin', 'pending', 'fulfilled', '2020-12-01', '2020-12-01-lachin-handover'],
    ['ceasefire', 'ongoing', 'violated', '2020-12-13', '2020-12-13-hadrut-clash'],
  ]);
});

test('history: every status change with the report that caused it', async () => {
  const h = (await statusHistory(store, { until: '2020-12-31', agreementId: 'karabakh-2020' })).filter((c) => c.provisionId === 'kalbajar');
  assert.deepEqual(h.map((c) => [c.from, c.to, c.at, c.docId]), [['pending', 'fulfilled_late', '2020-11-25', '2020-11-25-kalbajar-handover']]);
});
