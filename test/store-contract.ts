// The Store contract: one suite, run against every implementation (SQLite here, PostgreSQL in
// test/postgres-*.test.ts). Call storeContract(name, factory) from a *.test.ts file.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { contentHash } from '../src/ingest/hash.ts';
import type { Store } from '../src/store/store.ts';
import { prepareExtraction, preparedItem } from '../src/store/rows.ts';
import type { Agreement, ConflictEvent, Extraction } from '../src/model/types.ts';


function ev(id: string, start: number, end: number, over: Partial<ConflictEvent> = {}): ConflictEvent {
  return {
    id, action: 'enter', eventType: 'Strategic developments', subEventType: 'Non-violent transfer of territory',
    actor1: { name: 'Military Forces of Azerbaijan (2003-)', kind: 'military', countryCode: 'AZ' }, actor2: null,
    place: { start, end, text: 'Lachin', name: 'Lachin', gazetteerId: 'gn:147622', featureType: 'adm1', countryCode: 'AZ', lat: 39.64, lon: 46.55, confidence: 0.9 },
    date: '2020-12-01', modality: 'asserted', quantities: [], fatalities: null, attribution: null,
    evidence: { start, end }, mentions: [{ start, end }], ...over,
  };
}

export function sampleDoc(id: string, text: string, events: ConflictEvent[], dct = '2020-12-01') {
  const extraction: Extraction = {
    id, dct: { value: dct, inferred: false, confidence: 1, method: 'given' },
    sentences: [{ start: 0, end: text.length }], timexes: [], places: [], actors: [], quantities: [], events,
    provisions: [{ id: 'p1', category: 'territorial_transfer', text: 'x', obligors: ['Armenia'], action: 'hand_over', object: { name: 'Lachin' }, due: '2020-12-01', ongoing: false, quantities: [], evidence: { start: 0, end: 5 } }],
  };
  return { doc: { id, text, dct, source: 'test', url: null, title: `Doc ${id}` }, extraction, contentHash: contentHash(text) };
}

const agreement: Agreement = {
  id: 'k2020', title: 'Trilateral statement', signed: '2020-11-10', parties: ['Azerbaijan', 'Armenia', 'Russia'],
  provisions: [{ id: 'lachin', category: 'territorial_transfer', text: 'Lachin by 1 December.', obligors: ['Armenia'], action: 'hand_over', object: { name: 'Lachin' }, due: '2020-12-01', ongoing: false, quantities: [], evidence: null }],
};

export function storeContract(name: string, factory: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    before(async () => { store = await factory(); await store.migrate(); });
    after(async () => { await store.close(); });

    it('migrates twice without harm', async () => {
      await store.migrate();
      assert.equal(await store.countDocuments(), 0);
    });

    it('stores documents with events and drops exact duplicates', async () => {
      const t1 = 'Azerbaijani units entered Lachin on Tuesday.';
      const r = await store.putDocuments([sampleDoc('a', t1, [ev('e1', 27, 33)]), sampleDoc('b', 'Kalbajar was handed over on 25 November.', [ev('e1', 0, 8, { date: '2020-11-25', action: 'hand_over', place: null })], '2020-11-25')]);
      assert.deepEqual(r.inserted, ['a', 'b']);
      const again = await store.putDocuments([sampleDoc('a2', `  ${t1.toUpperCase()} `, [])]);
      assert.deepEqual(again.inserted, []);
      assert.deepEqual(again.duplicates, [{ id: 'a2', existingId: 'a' }]);
      assert.equal(await store.countDocuments(), 2);
      assert.equal(await store.findByHash(contentHash(t1)), 'a');
      const d = await store.getDocument('a');
      assert.equal(d?.text, t1);
      assert.equal(d?.extraction.events.length, 1);
      assert.equal(d?.dctInferred, false);
      const list = await store.listDocuments();
      assert.deepEqual(list.map((x) => [x.id, x.events]), [['b', 1], ['a', 1]]);
    });

    it('keeps both documents when two different texts share an id', async () => {
      const r = await store.putDocuments([sampleDoc('a', 'A different report entirely, about Agdam.', [])]);
      assert.deepEqual(r.inserted, ['a-2']);
    });

    it('stores nothing of a batch in which one item fails', async () => {
      const before = await store.countDocuments();
      const bad = sampleDoc('bad', 'This one breaks.', [{ ...ev('e1', 0, 4), evidence: null as unknown as { start: number; end: number } }]);
      await assert.rejects(store.putDocuments([sampleDoc('good', 'This one is fine and new.', []), bad]));
      assert.equal(await store.countDocuments(), before);
      assert.equal(await store.getDocument('good'), null);
    });

    it('filters events by type, date, place, bbox, actor and text', async () => {
      const all = await store.listEvents();
      assert.equal(all.length, 2);
      assert.equal(all[0].id, 'b#e1');
      assert.equal(all[1].docId, 'a');
      assert.match(all[1].evidenceText, /entered Lachin/);
      assert.equal((await store.listEvents({ from: '2020-11-30' })).length, 1);
      assert.equal((await store.listEvents({ to: '2020-11-30' }))[0].id, 'b#e1');
      assert.equal((await store.listEvents({ action: 'hand_over' })).length, 1);
      assert.equal((await store.listEvents({ place: 'gn:147622' })).length, 1);
      assert.equal((await store.listEvents({ bbox: [46, 39, 47, 40] })).length, 1);
      assert.equal((await store.listEvents({ bbox: [10, 10, 11, 11] })).length, 0);
      assert.equal((await store.listEvents({ actor: 'Azerbaijan' })).length, 2);
      assert.equal((await store.listEvents({ q: 'lach' })).length, 1);
      assert.equal(await store.countEvents({ eventType: 'Strategic developments' }), 2);
      assert.equal((await store.listEvents({ limit: 1, offset: 1 })).length, 1);
      assert.equal((await store.getEvent('a#e1'))?.place?.name, 'Lachin');
      assert.equal(await store.getEvent('nope#e1'), null);
      assert.equal((await store.listReportProvisions()).filter((p) => p.docId === 'a').length, 1);
    });

    it('filters events by bbox (inclusive, across the antimeridian) and by distance (near)', async () => {
      const at = (id: string, lon: number, lat: number) => ev(id, 0, 3, { place: { ...ev('x', 0, 3).place!, name: `P${id}`, gazetteerId: null, lon, lat } });
      const geo = [at('g1', 10, 10), at('g2', 10.5, 10.5), at('g3', 179.9, -16.5), at('g4', -179.9, -16.6), at('g5', 11.0000001, 10.5),
        ev('g6', 0, 3, { place: null }), at('g7', 0, 89.95), at('g8', 180, 89.95)];
      await store.putDocuments([sampleDoc('geo', 'Geo test document with several placed events.', geo)]);
      const ids = async (f: Parameters<Store['listEvents']>[0]) => (await store.listEvents({ docId: 'geo', ...f })).map((e) => e.id.split('#')[1]).sort();
      assert.deepEqual(await ids({ bbox: [10, 10, 11, 11] }), ['g1', 'g2']);
      assert.deepEqual(await ids({ bbox: [10.5, 10.5, 10.5, 10.5] }), ['g2']);
      assert.deepEqual(await ids({ bbox: [179, -17, -179, -16] }), ['g3', 'g4']);
      assert.deepEqual(await ids({ bbox: [-179, -17, 179, -16] }), []);
      assert.deepEqual(await ids({ bbox: [10, 11, 11, 10] }), []);
      assert.deepEqual(await ids({ bbox: [-180, -90, 180, 90] }), ['g1', 'g2', 'g3', 'g4', 'g5', 'g7', 'g8']);
      // g2 is 77.9 km from g1, g5 122.7 km; g3 and g4 lie 12 km either side of the antimeridian
      assert.deepEqual(await ids({ near: [10, 10, 70] }), ['g1']);
      assert.deepEqual(await ids({ near: [10, 10, 90] }), ['g1', 'g2']);
      assert.deepEqual(await ids({ near: [10, 10, 130] }), ['g1', 'g2', 'g5']);
      assert.deepEqual(await ids({ near: [180, -16.55, 20] }), ['g3', 'g4']);
      assert.deepEqual(await ids({ near: [-180, -16.55, 11] }), []);
      // near the pole every longitude is close: g7 and g8 are 11 km apart
      assert.deepEqual(await ids({ near: [90, 90, 6] }), ['g7', 'g8']);
      assert.deepEqual(await ids({ near: [0, 89.95, 1] }), ['g7']);
      assert.equal(await store.countEvents({ docId: 'geo', near: [10, 10, 90], bbox: [10.2, 0, 20, 20] }), 1);
      assert.equal(await store.countEvents({ near: [46.55, 39.64, 1] }), 1); // Lachin, document a
    });

    it('stores rows prepared by extraction workers exactly as it stores extractions', async () => {
      const plain = sampleDoc('prep-a', 'Units entered Lachin. A second sentence follows here.', [ev('e1', 14, 20), ev('e2', 0, 5, { place: null })]);
      const t2 = 'Units entered Lachin. A second sentence follows here!';
      const base = sampleDoc('prep-b', t2, plain.extraction.events);
      const sig = 'c2lnbmF0dXJl';
      const r = await store.putDocuments([plain, preparedItem(base.doc, base.contentHash, prepareExtraction(base.doc, base.extraction), sig)]);
      assert.deepEqual(r.inserted, ['prep-a', 'prep-b']);
      const norm = async (id: string) => (await store.listEvents({ docId: id })).map((e) => ({ ...e, id: e.id.replace(id, 'X'), docId: 'X', evidenceText: e.evidenceText.replace('here!', 'here.') }));
      assert.deepEqual(await norm('prep-b'), await norm('prep-a'));
      const [da, db] = [await store.getDocument('prep-a'), await store.getDocument('prep-b')];
      assert.deepEqual({ ...db!.extraction, id: 'X' }, { ...da!.extraction, id: 'X' });
      assert.deepEqual([db!.dct, db!.dctInferred], [da!.dct, da!.dctInferred]);
      assert.equal((await store.listReportProvisions()).filter((p) => p.docId === 'prep-b').length, 1);
      assert.equal((await store.listNearDupSignatures()).find((x) => x.docId === 'prep-b')?.sig, sig);
      // rows made for an id the store must change (a clash) are remade for the new id
      const clash = sampleDoc('prep-a', 'Another text under the same id, about Lachin.', [ev('e1', 39, 45)]);
      const r2 = await store.putDocuments([preparedItem(clash.doc, clash.contentHash, prepareExtraction(clash.doc, clash.extraction))]);
      assert.deepEqual(r2.inserted, ['prep-a-2']);
      assert.deepEqual((await store.listEvents({ docId: 'prep-a-2' })).map((e) => e.id), ['prep-a-2#e1']);
      assert.equal((await store.getDocument('prep-a-2'))?.extraction.id, 'prep-a-2');
    });

    it('applies corrections and keeps them through re-extraction', async () => {
      await store.correctEvent({ eventId: 'a#e1', fields: { date: '2020-11-30', subEventType: 'Other' }, user: 'ann', at: '2020-12-02T00:00:00Z' });
      let e = await store.getEvent('a#e1');
      assert.equal(e?.date, '2020-11-30');
      assert.equal(e?.corrected, true);
      assert.equal((await store.listEvents({ to: '2020-11-30' })).length, 2);
      const d = await store.getDocument('a');
      await store.replaceExtraction('a', d!.extraction);
      e = await store.getEvent('a#e1');
      assert.equal(e?.date, '2020-11-30');
      assert.equal(e?.subEventType, 'Other');
      assert.equal(e?.corrected, true);
      assert.equal((await store.listCorrections('a#e1')).length, 1);
      await assert.rejects(store.correctEvent({ eventId: 'x#e9', fields: {}, user: 'ann', at: '2020-12-02T00:00:00Z' }));
    });

    it('loads an agreement once, accepts an identical reload, refuses a different one', async () => {
      assert.equal(await store.putAgreement(agreement), 'inserted');
      assert.equal(await store.putAgreement(JSON.parse(JSON.stringify(agreement))), 'unchanged');
      await assert.rejects(store.putAgreement({ ...agreement, title: 'Other' }), /different agreement/);
      assert.equal((await store.getAgreement('k2020'))?.title, 'Trilateral statement');
      assert.equal((await store.listAgreements()).length, 1);
      await store.replaceAgreement({ ...agreement, title: 'Edited' });
      assert.equal((await store.getAgreement('k2020'))?.title, 'Edited');
    });

    it('keeps duplicates as sources of one document and near-duplicate signatures', async () => {
      const src = { docId: 'a', id: 'a-wire', input: 'feed.xml', url: 'https://x.example/a', source: 'wire', title: 'A', kind: 'exact' as const, similarity: null };
      assert.equal(await store.addDocumentSources([src, { ...src, id: 'a-near', url: null, kind: 'near', similarity: 0.81 }]), 2);
      assert.equal(await store.addDocumentSources([src]), 0);
      const got = await store.listDocumentSources('a');
      assert.deepEqual(got.map((x) => [x.id, x.url, x.kind, x.similarity]), [['a-wire', 'https://x.example/a', 'exact', null], ['a-near', null, 'near', 0.81]]);
      assert.deepEqual(await store.listDocumentSources('b'), []);
      await assert.rejects(store.addDocumentSources([{ ...src, docId: 'no-such-doc' }]));
      await store.addNearDupSignatures([{ docId: 'b', sig: 'BBBB' }, { docId: 'a', sig: 'AAAA' }]);
      await store.addNearDupSignatures([{ docId: 'b', sig: 'CCCC' }]);
      const sigs = await store.listNearDupSignatures();
      assert.deepEqual(sigs.map((x) => x.docId).filter((id) => !id.startsWith('prep-')).sort(), ['a', 'b']);
      assert.equal(sigs.find((x) => x.docId === 'b')?.sig, 'CCCC');
      // a reader catching up gets only what was added after the last entry it saw
      const last = Math.max(...sigs.map((x) => x.seq!));
      assert.deepEqual(await store.listNearDupSignatures({ after: last }), []);
      await store.addNearDupSignatures([{ docId: 'prep-a', sig: 'DDDD' }]);
      assert.deepEqual((await store.listNearDupSignatures({ after: last })).map((x) => [x.docId, x.sig]), [['prep-a', 'DDDD']]);
    });

    it('records link verdicts, users, audit entries and state', async () => {
      await store.setLinkVerdict({ agreementId: 'k2020', provisionId: 'lachin', eventId: 'a#e1', verdict: 'rejected', user: 'ann', at: '2020-12-02' });
      await store.setLinkVerdict({ agreementId: 'k2020', provisionId: 'lachin', eventId: 'a#e1', verdict: 'confirmed', user: 'ann', at: '2020-12-03' });
      const v = await store.listLinkVerdicts('k2020');
      assert.equal(v.length, 1);
      assert.equal(v[0].verdict, 'confirmed');
      await store.addUser('ann', 'analyst', 'h1');
      await assert.rejects(store.addUser('ann', 'admin', 'h2'), /already exists/);
      assert.equal((await store.userByTokenHash('h1'))?.role, 'analyst');
      assert.equal(await store.userByTokenHash('h9'), null);
      await store.audit({ user: 'ann', action: 'correct', target: 'event:a#e1', before: { date: '2020-12-01' }, after: { date: '2020-11-30' } });
      const log = await store.listAudit({ target: 'event:a#e1' });
      assert.equal(log.length, 1);
      assert.deepEqual(log[0].after, { date: '2020-11-30' });
      assert.equal(await store.getState('k'), null);
      await store.setState('k', 'v1');
      await store.setState('k', 'v2');
      assert.equal(await store.getState('k'), 'v2');
      await store.setState('watch:b', '2');
      await store.setState('watch:a', '1');
      assert.deepEqual(await store.listState!('watch:'), [{ key: 'watch:a', value: '1' }, { key: 'watch:b', value: '2' }]);
      assert.equal((await store.listState!()).length, 3);
    });
  });
}
