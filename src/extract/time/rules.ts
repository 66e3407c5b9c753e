// Compiles the TIMEX rules (src/resources/time/rules.json) into fixed-length token sequences indexed
// by their first element, so matching is a Map lookup plus a short linear check (no backtracking).
import rulesData from '../../resources/time/rules.json' with { type: 'json' };
import { C, registerKnown, type ClassName, type TT } from './tokens.ts';
import type { TimexType } from '../../model/types.ts';

export interface RuleExample {
  text: string;
  dct: string | null;
  span: string;
  value: string;
  type?: string;
  mod?: string;
  role?: string;
}

export interface Rule {
  id: string;
  pattern: string[];
  kind: string;
  type: TimexType;
  guard?: string;
  value?: string;
  /** fixed TIMEX3 mod for every match (a couple of years: APPROX) */
  mod?: string;
  /** fixed number for the normaliser (a couple of: 2) */
  n?: number;
  examples?: RuleExample[];
  order: number;
}

export interface Elem {
  lits: Set<string> | null;
  mask: number;
}

export interface Variant {
  rule: Rule;
  elems: Elem[];
}

export const RULES: Rule[] = (rulesData.rules as Omit<Rule, 'order'>[]).map((r, i) => ({ ...r, order: i }));
export const MUST_NOT_MATCH = rulesData.mustNotMatch as { text: string; dct: string | null; forbid: string[] }[];

function compileElem(src: string): { elem: Elem; optional: boolean } {
  const optional = src.length > 1 && src.endsWith('?');
  const body = optional ? src.slice(0, -1) : src;
  let mask = 0;
  let lits: Set<string> | null = null;
  for (const alt of body.split('|')) {
    if (/^[A-Z]+$/.test(alt)) {
      const bit = C[alt as ClassName];
      if (bit === undefined) throw new Error(`time rules: unknown class ${alt}`);
      mask |= bit;
    } else {
      (lits ??= new Set()).add(alt.toLowerCase());
    }
  }
  return { elem: { lits, mask }, optional };
}

function expand(rule: Rule): Variant[] {
  let seqs: Elem[][] = [[]];
  for (const src of rule.pattern) {
    const { elem, optional } = compileElem(src);
    const next: Elem[][] = [];
    for (const s of seqs) {
      next.push([...s, elem]);
      if (optional) next.push(s);
    }
    seqs = next;
  }
  return seqs.filter((s) => s.length > 0).map((elems) => ({ rule, elems }));
}

export interface RuleIndex {
  byLit: Map<string, Variant[]>;
  byClass: Variant[][]; // indexed by bit position
  /** The same lists restricted to one-element variants (in the same order): the only candidates when
   * the next token cannot match any variant's second element. */
  byLit1?: Map<string, Variant[]>;
  byClass1?: Variant[][];
  /** Literals and class bits of every variant's second element (pre-check of the next token). */
  lits2?: Set<string>;
  mask2?: number;
  /** Whether some element has an empty literal (which an unknown token's '' would match). */
  emptyLit?: boolean;
}

export function buildIndex(rules: Rule[]): RuleIndex {
  const byLit = new Map<string, Variant[]>();
  const byClass: Variant[][] = Array.from({ length: 32 }, () => []);
  for (const r of rules) {
    for (const v of expand(r)) {
      const e = v.elems[0];
      if (e.lits) for (const l of e.lits) { const a = byLit.get(l) ?? []; a.push(v); byLit.set(l, a); }
      for (let b = 0; b < 32; b++) if (e.mask & (1 << b)) byClass[b].push(v);
    }
  }
  const byLit1 = new Map<string, Variant[]>();
  for (const [l, vs] of byLit) byLit1.set(l, vs.filter((v) => v.elems.length === 1));
  const byClass1 = byClass.map((vs) => vs.filter((v) => v.elems.length === 1));
  const lits2 = new Set<string>();
  let mask2 = 0;
  for (const vs of byClass.concat([...byLit.values()])) {
    for (const v of vs) {
      if (v.elems.length < 2) continue;
      const e = v.elems[1];
      mask2 |= e.mask;
      if (e.lits) for (const l of e.lits) lits2.add(l);
    }
  }
  let emptyLit = false;
  for (const vs of byClass.concat([...byLit.values()])) for (const v of vs) for (const e of v.elems) if (e.lits && e.lits.has('')) emptyLit = true;
  return { byLit, byClass, byLit1, byClass1, lits2, mask2, emptyLit };
}

export const INDEX = buildIndex(RULES);
// every literal of every rule must pass the token pre-filter
for (const r of RULES) for (const e of r.pattern) for (const alt of e.replace(/\?$/, '').split('|')) if (!/^[A-Z]+$/.test(alt)) registerKnown([alt.toLowerCase()]);

export function elemMatches(e: Elem, t: TT): number {
  // returns the matched class bits, or -1 for a literal match, or 0 for no match
  if (t.info && (t.info.mask & e.mask)) return t.info.mask & e.mask;
  if (e.lits && e.lits.has(t.lower)) return -1;
  return 0;
}
