// Provisions stage: obligations stated in a report ("Azerbaijan was to assume control of the Kalbajar
// district by November 15, the Agdam district by November 20 ..."; "the Lachin corridor ... is to
// remain under the control of the Russian peacekeeping contingent").
import type { Place, Provision, ProvisionCategory, Span, Timex, Token } from '../../model/types.ts';
import type { Annotated, Stage } from '../annotated.ts';
import { countryByCode, lowerTokens } from '../actors/lexicon.ts';
import p from '../../resources/provisions/provisions.json' with { type: 'json' };

interface ActionDef { action: string; category: ProvisionCategory; ongoing?: boolean; controlledBy?: boolean }
const CUES = p.obligationCues.map((c) => c.split(' '));
const CONTEXT = new Set(p.contextCues);
const ACTIONS = new Map<string, ActionDef>(Object.entries(p.actions) as [string, ActionDef][]);
const MAX_ACTION = Math.max(...[...ACTIONS.keys()].map((k) => k.split(' ').length));
const OBJECT_HEADS = new Set(['corridor', 'district', 'region', 'province', 'road', 'highway', 'crossing', 'border', 'city', 'town', 'area', 'zone']);

const lc = (t: Token | undefined) => (t ? t.text.toLowerCase().replace(/’/g, "'") : '');

function countryName(code: string | null | undefined): string | null {
  return countryByCode(code)?.name ?? null;
}

/** The first obligation cue (in CUES order) whose words start at token k; no closure per token. */
function cueAt(low: string[], k: number): string[] | undefined {
  for (const c of CUES) {
    let ok = true;
    for (let j = 0; j < c.length; j++) if ((low[k + j] ?? '') !== c[j]) { ok = false; break; }
    if (ok) return c;
  }
  return undefined;
}

function sortedByStart(xs: Span[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i].start < xs[i - 1].start) return false;
  return true;
}

/** The items lying within span s (start >= s.start, end <= s.end), in their order: the same as
 * xs.filter(...), found by binary search when xs is sorted by start. */
function inSpan<T extends Span>(xs: T[], sorted: boolean, s: Span): T[] {
  if (!sorted) return xs.filter((x) => x.start >= s.start && x.end <= s.end);
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (xs[m].start < s.start) lo = m + 1; else hi = m;
  }
  const out: T[] = [];
  for (let i = lo; i < xs.length && xs[i].start <= s.end; i++) if (xs[i].end <= s.end) out.push(xs[i]);
  return out;
}

export function findProvisions(a: Annotated): Provision[] {
  const { tokens } = a;
  const text = a.doc.text;
  const out: Provision[] = [];
  const low = lowerTokens(tokens);
  const tokAt = (offset: number) => { let lo = 0, hi = tokens.length - 1; while (lo < hi) { const m = (lo + hi + 1) >> 1; if (tokens[m].start <= offset) lo = m; else hi = m - 1; } return lo; };
  // the layers are (normally) sorted by start: a sentence's annotations are then found by binary search,
  // not by filtering the whole document per sentence (quadratic on long documents)
  const placesSorted = sortedByStart(a.places);
  const actorsSorted = sortedByStart(a.actors);
  const timexesSorted = sortedByStart(a.timexes);
  const qtysSorted = sortedByStart(a.quantities);
  let ti = 0;
  for (const s of a.sentences) {
    while (ti < tokens.length && tokens[ti].start < s.start) ti++;
    const lo = ti;
    let hi = lo;
    while (hi < tokens.length && tokens[hi].start < s.end) hi++;
    ti = hi;
    let ctx = false;
    for (let k = lo; k < hi; k++) if (CONTEXT.has((low[k] ?? ''))) { ctx = true; break; }
    if (!ctx) continue;
    const places = inSpan(a.places, placesSorted, s).filter((x) => x.form !== 'demonym' && x.metonymy !== 'government');
    const actors = inSpan(a.actors, actorsSorted, s);
    const timexes = inSpan(a.timexes, timexesSorted, s).filter((x) => x.type === 'DATE');
    const qtys = inSpan(a.quantities, qtysSorted, s);
    for (let k = lo; k < hi; k++) {
      const cue = cueAt(low, k);
      if (!cue) continue;
      let v = k + cue.length;
      // action phrase after the cue
      let def: ActionDef | undefined;
      let vlen = 0;
      for (let L = MAX_ACTION; L >= 1 && !def; L--) {
        const key = low.slice(v, v + L).join(' ');
        const d = ACTIONS.get(key);
        if (d) { def = d; vlen = L; }
      }
      if (!def && (low[v] ?? '') === 'be') {
        v++;
        for (let L = MAX_ACTION; L >= 1 && !def; L--) { const d = ACTIONS.get(`be ${low.slice(v, v + L).join(' ')}`) ?? ACTIONS.get(low.slice(v, v + L).join(' ')); if (d) { def = d; vlen = L; } }
      }
      if (!def) continue;
      const vEnd = v + vlen;
      const cueStart = tokens[k].start;
      const sentText = text.slice(s.start, s.end).trim();
      const quantities = qtys.map((q) => ({ value: q.value, unit: q.unit, counts: q.counts }));
      if (def.controlledBy) {
        // obligor: the controller after "control of"; object: the subject before the cue
        const ctrl = actors.find((x) => x.start >= tokens[vEnd - 1].end && x.start <= (tokens[vEnd + 4]?.end ?? s.end));
        const obligor = ctrl ? countryName(ctrl.countryCode) ?? ctrl.name : null;
        let obj: Place | null = null;
        for (const pl of places) if (pl.end <= cueStart) obj = obj && obj.start > pl.start ? obj : pl;
        // the subject is usually the first place of the clause ("the five-kilometer Lachin corridor, which ...")
        const subj = places.filter((pl) => pl.end <= cueStart).find((pl) => OBJECT_HEADS.has((low[tokAt(pl.end - 1) + 1] ?? ''))) ?? obj;
        let objName: string | null = null;
        if (subj) {
          const nx = tokens[tokAt(subj.end - 1) + 1];
          objName = nx && OBJECT_HEADS.has(lc(nx)) && lc(nx) === 'corridor' ? `${subj.text} corridor` : subj.name;
        }
        out.push({
          id: '', category: def.category, text: sentText, obligors: obligor ? [obligor] : [], action: def.action,
          object: subj ? { name: objName!, gazetteerId: (low[tokAt(subj.end - 1) + 1] ?? '') === 'corridor' ? null : subj.gazetteerId, lat: subj.lat, lon: subj.lon } : null,
          due: null, ongoing: true, quantities, evidence: { start: subj ? subj.start : cueStart, end: ctrl ? ctrl.end : tokens[vEnd - 1].end },
        });
        k = vEnd - 1;
        continue;
      }
      // obligor: nearest actor (state/government/military) or country place before the cue
      let obligor: string | null = null;
      for (const x of actors) if (x.end <= cueStart && x.kind !== 'media' && x.kind !== 'civilians') obligor = countryName(x.countryCode) ?? x.name;
      if (!obligor) for (const pl of places) if (pl.end <= cueStart && pl.featureType === 'country') obligor = pl.name;
      // objects with deadlines after the verb
      const after = timexes.filter((x) => x.start >= tokens[vEnd - 1].end && (x.role === 'deadline' || (low[tokAt(x.start) - 1] ?? '') === 'by'));
      const objPlaces = places.filter((pl) => pl.start >= tokens[vEnd - 1].end);
      const items: { place: Place | null; due: Timex | null; start: number; end: number }[] = [];
      if (after.length) {
        let from = tokens[vEnd - 1].end;
        for (const x of after) {
          let pl: Place | null = null;
          for (const o of objPlaces) if (o.start >= from && o.end <= x.start) pl = pl ?? o;
          items.push({ place: pl, due: x, start: pl ? pl.start : from, end: x.end });
          from = x.end;
        }
      } else {
        const pl = objPlaces[0] ?? null;
        items.push({ place: pl, due: null, start: cueStart, end: pl ? pl.end : tokens[vEnd - 1].end });
      }
      for (const it of items) {
        const due = it.due && /^\d{4}-\d{2}-\d{2}/.test(it.due.value) ? it.due.value.slice(0, 10) : null;
        out.push({
          id: '', category: def.category, text: sentText, obligors: obligor ? [obligor] : [], action: def.action,
          object: it.place ? { name: it.place.name, gazetteerId: it.place.gazetteerId, lat: it.place.lat, lon: it.place.lon } : null,
          due, ongoing: !!def.ongoing && !due, quantities, evidence: { start: it.start, end: it.end },
        });
      }
      k = vEnd - 1;
    }
  }
  out.forEach((x, i) => { x.id = `${a.doc.id}:p${i + 1}`; });
  return out;
}

export const provisionsStage: Stage = {
  name: 'provisions',
  reads: ['sentences', 'tokens', 'timexes', 'places', 'actors', 'quantities'],
  sets: ['provisions'],
  run(a) {
    a.provisions = findProvisions(a);
  },
};
