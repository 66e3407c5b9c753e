// MEANTIME (CAT XML, token anchors) -> TimeML .tml files the shared scorer can read.
// The text is rebuilt from the tokens (light detokenisation, one line per sentence); gold TIMEX3
// spans are mapped from their token anchors to character offsets. The DCT is the CREATION_TIME timex.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, basename } from 'node:path';

const NO_SPACE_BEFORE = new Set([',', '.', ';', ':', ')', '?', '!', "'s", "'", "n't", '%', "'re", "'ve", "'ll", "'d", "'m", ']', '”']);
const NO_SPACE_AFTER = new Set(['(', '$', '[', '“']);

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface MeantimeDoc { id: string; text: string; dct: string; dctSpan: [number, number] | null; timexes: { start: number; end: number; type: string; value: string }[] }

export function readMeantimeDoc(xml: string, id: string): MeantimeDoc {
  const toks: { id: string; sent: number; text: string }[] = [];
  for (const m of xml.matchAll(/<token[^>]*\bsentence="(\d+)"[^>]*\bt_id="(\d+)"[^>]*>([^<]*)<\/token>/g)) {
    toks.push({ sent: Number(m[1]), id: m[2], text: decode(m[3]) });
  }
  // MEANTIME annotates only the first sentences of each article: keep the text up to the last
  // sentence that holds any annotated token.
  const tokSent = new Map<string, number>();
  for (const t of toks) tokSent.set(t.id, t.sent);
  let lastSent = 0;
  const mk = xml.indexOf('<Markables');
  for (const a of xml.slice(mk < 0 ? 0 : mk).matchAll(/token_anchor t_id="(\d+)"/g)) lastSent = Math.max(lastSent, tokSent.get(a[1]) ?? 0);
  toks.splice(toks.findIndex((t) => t.sent > lastSent) >>> 0);
  let text = '';
  const off = new Map<string, [number, number]>();
  let prevSent = -1, prevTok = '';
  for (const t of toks) {
    if (prevSent >= 0) {
      if (t.sent !== prevSent) text += '\n';
      else if (!NO_SPACE_BEFORE.has(t.text) && !NO_SPACE_AFTER.has(prevTok)) text += ' ';
    }
    off.set(t.id, [text.length, text.length + t.text.length]);
    text += t.text;
    prevSent = t.sent; prevTok = t.text;
  }
  let dct = '';
  let dctSpan: [number, number] | null = null;
  const timexes: MeantimeDoc['timexes'] = [];
  for (const m of xml.matchAll(/<TIMEX3\b([^>]*)>([\s\S]*?)<\/TIMEX3>/g)) {
    const attrs = m[1];
    const get = (k: string) => (attrs.match(new RegExp(`\\b${k}="([^"]*)"`)) ?? [])[1] ?? '';
    const anchors = [...m[2].matchAll(/t_id="(\d+)"/g)].map((a) => off.get(a[1])).filter((x): x is [number, number] => !!x);
    if (get('functionInDocument') === 'CREATION_TIME') {
      dct = get('value');
      if (anchors.length) dctSpan = [Math.min(...anchors.map((a) => a[0])), Math.max(...anchors.map((a) => a[1]))];
      continue;
    }
    if (!anchors.length) continue;
    timexes.push({ start: Math.min(...anchors.map((a) => a[0])), end: Math.max(...anchors.map((a) => a[1])), type: get('type'), value: get('value') });
  }
  return { id, text, dct, dctSpan, timexes };
}

/** Writes every English MEANTIME document as .tml under outDir; returns the docs. */
export function meantimeToTml(srcDir: string, outDir: string): MeantimeDoc[] {
  mkdirSync(outDir, { recursive: true });
  const docs: MeantimeDoc[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.xml')) {
        const id = basename(e.name, '.xml').split('_')[0];
        const doc = readMeantimeDoc(readFileSync(p, 'utf8'), id);
        docs.push(doc);
        const tx = [...doc.timexes].sort((a, b) => a.start - b.start);
        let body = '', pos = 0, k = 1;
        for (const t of tx) {
          if (t.start < pos) continue; // overlapping gold: keep the first
          body += esc(doc.text.slice(pos, t.start)) + `<TIMEX3 tid="t${k++}" type="${t.type}" value="${esc(t.value)}">` + esc(doc.text.slice(t.start, t.end)) + '</TIMEX3>';
          pos = t.end;
        }
        body += esc(doc.text.slice(pos));
        writeFileSync(join(outDir, id + '.tml'), `<?xml version="1.0" ?>\n<TimeML>\n<DOCID>${id}</DOCID>\n<DCT><TIMEX3 tid="t0" type="DATE" value="${doc.dct}" functionInDocument="CREATION_TIME">${doc.dct}</TIMEX3></DCT>\n<TEXT>${body}</TEXT>\n</TimeML>\n`);
      }
    }
  };
  walk(srcDir);
  return docs;
}
