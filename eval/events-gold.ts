// Event extraction against the hand-written gold set eval/gold/reports.jsonl (issue 6).
//   npx tsx eval/events-gold.ts [--json] [--verbose] [--include-unseen] [--gold FILE]
// Validates the gold set, runs extract() on every report (id, text, dct = publication date), aligns
// predicted events to gold events (evidence-span overlap, then type), and prints field accuracies over
// aligned pairs and event-level precision/recall/F1 (a match needs event type, place within 25 km and
// date). Reports whose index % 5 == 0 are the "unseen" part: do not tune rules on them; --verbose lists
// per-event mismatches for the tuned part only unless --include-unseen is given.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document, Extraction } from '../src/model/types.ts';
import { GOLD_PATH, evidenceSpan, loadGold, validateGold, type GoldReport } from './gold/format.ts';
import {
  FIELDS, addReport, emptyTally, fieldChecks, prf, type Field, type PredEvent, type Tally,
} from './gold/score.ts';

const TARGETS: Partial<Record<Field, number>> = {
  eventType: 0.92,
  subEventType: 0.85,
  fatalities: 0.92,
  place25km: 0.85,
  date: 0.95,
  actor1: 0.75,
};

export const isUnseen = (index: number): boolean => index % 5 === 0;

type ExtractFn = (doc: Document) => Extraction;

async function loadExtract(): Promise<{ fn: ExtractFn | null; error: string | null }> {
  try {
    const mod = (await import('../src/extract/pipeline.ts')) as { extract: ExtractFn };
    return { fn: mod.extract, error: null };
  } catch (e) {
    return { fn: null, error: (e as Error).stack ?? String(e) };
  }
}

function pct(n: number, d: number): string {
  return d ? `${((100 * n) / d).toFixed(1)}%` : '  n/a';
}

function summarise(name: string, t: Tally) {
  const all = prf(t.tp, t.pred, t.gold);
  const strict = prf(t.tpStrict, t.pred, t.gold);
  const asserted = prf(t.tpAsserted, t.predAsserted, t.goldAsserted);
  const fields = Object.fromEntries(
    FIELDS.map((f) => [f, { correct: t.correct[f], of: t.aligned, accuracy: t.aligned ? t.correct[f] / t.aligned : 0 }]),
  );
  return {
    part: name,
    reports: t.reports,
    extractErrors: t.errors,
    goldEvents: t.gold,
    predictedEvents: t.pred,
    alignedPairs: t.aligned,
    fields,
    event: { tp: t.tp, precision: all.p, recall: all.r, f1: all.f1 },
    eventStrictSubType: { tp: t.tpStrict, precision: strict.p, recall: strict.r, f1: strict.f1 },
    eventAssertedOnly: { tp: t.tpAsserted, precision: asserted.p, recall: asserted.r, f1: asserted.f1 },
    falseEventsOnNonEventSpans: t.predOnNonEvents,
    nonEventSpans: t.nonEvents,
  };
}

function printPart(s: ReturnType<typeof summarise>) {
  console.log(`\n== ${s.part}: ${s.reports} reports, ${s.goldEvents} gold events, ${s.predictedEvents} predicted, ${s.alignedPairs} aligned` +
    (s.extractErrors ? `, ${s.extractErrors} extract() errors` : ''));
  console.log('  field accuracy over aligned pairs:');
  for (const f of FIELDS) {
    const v = s.fields[f] as { correct: number; of: number; accuracy: number };
    const tgt = TARGETS[f];
    const mark = tgt === undefined ? '' : v.of && v.accuracy >= tgt ? `  (target ${tgt * 100}%: met)` : `  (target ${tgt * 100}%: not met)`;
    console.log(`    ${f.padEnd(13)} ${pct(v.correct, v.of).padStart(7)}  ${String(v.correct).padStart(4)}/${v.of}${mark}`);
  }
  const line = (label: string, e: { tp: number; precision: number; recall: number; f1: number }) =>
    console.log(`  ${label.padEnd(34)} P ${(100 * e.precision).toFixed(1)}%  R ${(100 * e.recall).toFixed(1)}%  F1 ${(100 * e.f1).toFixed(1)}%  (tp ${e.tp})`);
  line('events (type+place 25km+date):', s.event);
  line('events, sub-type too:', s.eventStrictSubType);
  line('events, asserted modality only:', s.eventAssertedOnly);
  console.log(`  predicted events on non-event spans: ${s.falseEventsOnNonEventSpans} (of ${s.nonEventSpans} non-event spans)`);
}

function describePred(p: PredEvent): string {
  const place = p.place ? `${p.place.name ?? '?'}@${p.place.lat},${p.place.lon}` : '-';
  return `${p.eventType ?? '-'} / ${p.subEventType ?? '-'} | ${p.actor1?.name ?? '-'} | ${place} | ${p.date ?? '-'} | fat ${p.fatalities ?? '-'} | ${p.modality ?? '-'}`;
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose');
  const includeUnseen = argv.includes('--include-unseen');
  const gi = argv.indexOf('--gold');
  const goldFile = gi >= 0 ? path.resolve(argv[gi + 1]) : GOLD_PATH;

  const gold = loadGold(goldFile);
  const problems = validateGold(gold, { minEvents: 300, minReports: 40 });
  if (problems.length) {
    console.error(`gold set ${goldFile} is invalid:`);
    for (const p of problems) console.error('  ' + p);
    return 1;
  }

  const { fn, error } = await loadExtract();
  if (!fn) console.error(`extract() could not be loaded; scoring with no predictions:\n${error}`);

  const tallies = { tuned: emptyTally(), unseen: emptyTally(), all: emptyTally() };
  const details: string[] = [];
  let extractMs = 0;
  const extractErrors: string[] = [];
  gold.forEach((r: GoldReport, index: number) => {
    let preds: PredEvent[] = [];
    let failed = !fn;
    if (fn) {
      const t0 = performance.now();
      try {
        const ex = fn({ id: r.id, text: r.text, dct: r.date });
        preds = Array.isArray(ex.events) ? ex.events : [];
      } catch (e) {
        failed = true;
        extractErrors.push(`${r.id}: ${(e as Error).message ?? e}`);
      }
      extractMs += performance.now() - t0;
    }
    const part = isUnseen(index) ? tallies.unseen : tallies.tuned;
    const al = addReport(part, r, preds, failed);
    addReport(tallies.all, r, preds, failed);
    if (verbose && (!isUnseen(index) || includeUnseen)) {
      details.push(`\n# [${index}] ${r.id} (${r.date}, ${r.style})${isUnseen(index) ? ' UNSEEN' : ''}`);
      for (const pr of al.pairs) {
        const c = fieldChecks(pr.gold, pr.pred);
        const bad = FIELDS.filter((f) => !c[f]);
        if (!bad.length) continue;
        const g = pr.gold;
        details.push(`  ~ "${g.evidence.slice(0, 90)}"\n      gold: ${g.eventType ?? '-'} / ${g.subEventType ?? '-'} | ${g.actor1 ?? '-'} | ${g.place ? `${g.place.name}@${g.place.lat},${g.place.lon}` : '-'} | ${g.date} | fat ${g.fatalities ?? '-'} | ${g.modality}\n      pred: ${describePred(pr.pred)}\n      wrong: ${bad.join(', ')}`);
      }
      for (const i of al.unmatchedGold) {
        const g = r.events[i];
        const s = evidenceSpan(r, g.evidence);
        details.push(`  - missed [${s.start},${s.end}) ${g.eventType ?? '-'} / ${g.subEventType ?? '-'}: "${g.evidence.slice(0, 100)}"`);
      }
      for (const i of al.unmatchedPred) {
        const p = preds[i];
        const txt = r.text.slice(p.evidence.start, p.evidence.end).slice(0, 100);
        const on = al.predOnNonEvents.includes(i) ? ' (on a non-event span)' : '';
        details.push(`  + spurious [${p.evidence.start},${p.evidence.end})${on} ${describePred(p)}: "${txt}"`);
      }
    }
  });

  const parts = [summarise('tuned (index % 5 != 0)', tallies.tuned), summarise('unseen (index % 5 == 0)', tallies.unseen), summarise('all', tallies.all)];
  if (json) {
    console.log(JSON.stringify({ gold: path.relative(process.cwd(), goldFile), extractLoaded: !!fn, extractMs, parts }, null, 2));
  } else {
    console.log(`events-gold: ${gold.length} reports, ${tallies.all.gold} gold events (${goldFile})`);
    if (!fn) console.log('  extract() NOT loaded: every figure below is zero by construction');
    for (const p of parts) printPart(p);
    console.log(`\n  extract() time over the gold set: ${extractMs.toFixed(0)} ms (information only; speed is measured in bench/)`);
    if (extractErrors.length) console.log(`  extract() errors (${extractErrors.length}), first: ${extractErrors[0]}`);
    if (details.length) console.log(details.join('\n'));
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => { process.exitCode = code; }, (e) => { console.error(e); process.exitCode = 3; });
}
