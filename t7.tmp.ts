import { openStore } from './src/store/open.ts';
import { loadTrackData } from './src/track/report.ts';
import { linkEvents, placeScore, sentenceOf, actorSide } from './src/track/link.ts';
const store = await openStore(process.argv[2]);
const data = await loadTrackData(store);
for (const a of await store.listAgreements()) {
  for (const l of linkEvents(a as any, data, 0)) console.log(a.id, l.provisionId, l.eventId.split('#')[1], l.role, l.score, l.date, l.reasons.join('; '));
}
const e = data.events.find(e => e.id.endsWith(':e3'))!;
const d = data.docs.get(e.docId)!;
console.log(e.action, e.modality, e.place, actorSide(e.actor1, ['United States','Taliban']), e.trigger, d.text.slice(e.trigger!.start, e.trigger!.end));
const s = sentenceOf(d, e.evidence, e.evidenceText);
console.log(d.places?.filter(p=>p.start>=s.start&&p.end<=s.end).map(p=>[p.text,p.form,p.featureType]));
await store.close();
