// A small store with everything export/import must carry, and a comparison of two stores.
import assert from 'node:assert/strict';
import type { ConflictEvent } from '../../src/model/types.ts';
import type { Store } from '../../src/store/store.ts';
import { sampleDoc } from '../store-contract.ts';

function ev(id: string, start: number, end: number, date: string): ConflictEvent {
  return {
    id, action: 'withdraw', eventType: 'Strategic developments', subEventType: 'Non-violent transfer of territory',
    actor1: { name: 'Military Forces of Armenia (2018-)', kind: 'military', countryCode: 'AM' }, actor2: null, place: null,
    date, modality: 'asserted', quantities: [], fatalities: null, attribution: null, evidence: { start, end }, mentions: [{ start, end }],
  };
}

export async function fillStore(s: Store): Promise<void> {
  await s.putDocuments([
    sampleDoc('agdam', 'Armenian troops withdrew from Agdam on Friday.', [ev('e1', 16, 24, '2020-11-20')], '2020-11-20'),
    sampleDoc('kalbajar', 'Kalbajar was handed over on 25 November after a delay.', [ev('e1', 0, 8, '2020-11-25')], '2020-11-25'),
  ]);
  await s.putAgreement({
    id: 'k2020', title: 'Trilateral statement', signed: '2020-11-10', parties: ['Azerbaijan', 'Armenia', 'Russia'],
    provisions: [{ id: 'agdam', category: 'territorial_transfer', text: 'Agdam by 20 November.', obligors: ['Armenia'], action: 'hand_over', object: { name: 'Agdam' }, due: '2020-11-20', ongoing: false, quantities: [], evidence: null }],
  });
  await s.correctEvent({ eventId: 'agdam#e1', fields: { date: '2020-11-19' }, user: 'ann', at: '2020-11-21T10:00:00Z' });
  await s.setLinkVerdict({ agreementId: 'k2020', provisionId: 'agdam', eventId: 'agdam#e1', verdict: 'confirmed', user: 'ann', at: '2020-11-21T10:05:00Z' });
  await s.audit({ user: 'ann', action: 'correct', target: 'event:agdam#e1', before: { date: '2020-11-20' }, after: { date: '2020-11-19' }, at: '2020-11-21T10:00:00Z' });
  await s.addDocumentSources([{ docId: 'agdam', id: 'agdam-wire', input: 'x', url: null, source: 'wire', title: null, kind: 'near', similarity: 0.8 }]);
  await s.addNearDupSignatures([{ docId: 'agdam', sig: 'AAAA' }]);
  await s.addUser('ann', 'analyst', 'a'.repeat(64), '2020-11-01T08:00:00.000Z');
  await s.addUser('root', 'admin', 'b'.repeat(64));
  await s.setState('watch:https://wire.example/feed', '{"seen":["a"],"failures":0}');
}

export async function assertSameStore(a: Store, b: Store): Promise<void> {
  assert.equal(await b.countDocuments(), await a.countDocuments());
  for (const d of await a.listDocuments()) {
    const x = await a.getDocument(d.id), y = await b.getDocument(d.id);
    assert.ok(y, d.id);
    assert.deepEqual(y, x); // ingestedAt included: a moved store keeps when each report came in
  }
  assert.deepEqual(await b.listEvents(), await a.listEvents());
  assert.equal((await b.getEvent('agdam#e1'))?.date, '2020-11-19');
  assert.deepEqual(await b.listAgreements(), await a.listAgreements());
  assert.deepEqual(await b.listCorrections(), await a.listCorrections());
  assert.deepEqual(await b.listLinkVerdicts(), await a.listLinkVerdicts());
  assert.deepEqual((await b.listAudit()).map(({ id: _i, ...e }) => e), (await a.listAudit()).map(({ id: _i, ...e }) => e));
  assert.deepEqual(await b.listDocumentSources(), await a.listDocumentSources());
  // users keep their role, creation time and token (its hash): their tokens still work
  assert.deepEqual(await b.listUsers({ withTokenHashes: true }), await a.listUsers({ withTokenHashes: true }));
  assert.equal((await b.userByTokenHash('a'.repeat(64)))?.name, 'ann');
  assert.deepEqual(await b.listState!(), await a.listState!());
  assert.equal(await b.getState('watch:https://wire.example/feed'), '{"seen":["a"],"failures":0}');
  const sigs = async (s: Store) => (await s.listNearDupSignatures()).map(({ docId, sig }) => ({ docId, sig }));
  assert.deepEqual(await sigs(b), await sigs(a));
}
