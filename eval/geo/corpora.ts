// Loaders for the geoparsing gold corpora in ../shared/data/geoparsing (read at run time, never copied).
// Offsets in the gold are Python code-point offsets; they are converted here to UTF-16 offsets.
import fs from 'node:fs';
import path from 'node:path';

export interface GoldToponym { start: number; end: number; lat: number | null; lon: number | null; text: string }
export interface GoldDoc { id: string; text: string; tops: GoldToponym[] }
export interface Corpus { name: string; docs: GoldDoc[] }

const dec = (s: string) => s.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const tag = (s: string, t: string): string | null => {
  const m = s.match(new RegExp(`<${t}(?:\\s[^>]*)?>([\\s\\S]*?)</${t}>`));
  return m ? dec(m[1]) : null;
};
const num = (s: string | null) => (s === null || s.trim() === '' ? null : Number.isNaN(parseFloat(s)) ? null : parseFloat(s));

/** code-point offset -> UTF-16 offset for one text */
function cpToUtf16(text: string): (cp: number) => number {
  let astral = false;
  for (let i = 0; i < text.length; i++) { const c = text.charCodeAt(i); if (c >= 0xd800 && c <= 0xdbff) { astral = true; break; } }
  if (!astral) return (cp) => cp;
  const map: number[] = [];
  let u = 0;
  for (const ch of text) { map.push(u); u += ch.length; }
  map.push(u);
  return (cp) => map[Math.min(cp, map.length - 1)];
}

export function loadCorpora(dataDir: string): Corpus[] {
  const out: Corpus[] = [];
  // LGL
  {
    const xml = fs.readFileSync(path.join(dataDir, 'lgl', 'lgl.xml'), 'utf8');
    const docs: GoldDoc[] = [];
    for (const [i, m] of [...xml.matchAll(/<article([^>]*)>([\s\S]*?)<\/article>/g)].entries()) {
      const id = (m[1].match(/docid="([^"]+)"/) ?? [, String(i)])[1]!;
      const text = tag(m[2], 'text') ?? '';
      const conv = cpToUtf16(text);
      const tops = [...m[2].matchAll(/<toponym>([\s\S]*?)<\/toponym>/g)].map((t) => ({
        start: conv(+tag(t[1], 'start')!), end: conv(+tag(t[1], 'end')!), lat: num(tag(t[1], 'lat')), lon: num(tag(t[1], 'lon')),
        text: tag(t[1], 'phrase') ?? '' }));
      docs.push({ id, text, tops });
    }
    out.push({ name: 'LGL', docs });
  }
  // GeoWebNews: the toponyms of GWN.xml that carry coordinates (2,601: the same set as gwn_full.txt, whose line
  // order does not follow the XML's after article 68, so it is not used)
  {
    const xml = fs.readFileSync(path.join(dataDir, 'geowebnews', 'GWN.xml'), 'utf8');
    const docs: GoldDoc[] = [...xml.matchAll(/<article file="([^"]*)">([\s\S]*?)<\/article>/g)].map((m) => {
      const text = tag(m[2], 'text') ?? '';
      const conv = cpToUtf16(text);
      const tops: GoldToponym[] = [];
      for (const t of m[2].matchAll(/<toponym>([\s\S]*?)<\/toponym>/g)) {
        const lat = num(tag(t[1], 'latitude'));
        const lon = num(tag(t[1], 'longitude'));
        if (lat === null || lon === null) continue;
        tops.push({ start: conv(+tag(t[1], 'start')!), end: conv(+tag(t[1], 'end')!), lat, lon, text: tag(t[1], 'extractedName') ?? '' });
      }
      return { id: `gwn-${m[1]}`, text, tops };
    });
    out.push({ name: 'GeoWebNews', docs });
  }
  // GeoVirus
  {
    const xml = fs.readFileSync(path.join(dataDir, 'geovirus', 'GeoVirus.xml'), 'utf8');
    const docs: GoldDoc[] = [...xml.matchAll(/<article>([\s\S]*?)<\/article>/g)].map((m, i) => {
      const text = tag(m[1], 'text') ?? '';
      const conv = cpToUtf16(text);
      const tops = [...m[1].matchAll(/<location>([\s\S]*?)<\/location>/g)].map((t) => ({
        start: conv(+tag(t[1], 'start')!), end: conv(+tag(t[1], 'end')!), lat: num(tag(t[1], 'lat')), lon: num(tag(t[1], 'lon')),
        text: tag(t[1], 'name') ?? '' }));
      // most GeoVirus offsets are one past the name (the authors' text had one more leading character)
      for (const t of tops) {
        if (text.slice(t.start, t.end) !== t.text && text.slice(t.start - 1, t.end - 1) === t.text) { t.start--; t.end--; }
      }
      return { id: `gv-${i}`, text, tops };
    });
    out.push({ name: 'GeoVirus', docs });
  }
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Writes docs as LGL-schema XML (what ../shared/tools/geo-score reads). */
export function toLglXml(docs: GoldDoc[]): string {
  const parts = ['<?xml version="1.0" encoding="utf-8"?>\n<articles>'];
  for (const d of docs) {
    parts.push(`<article docid="${esc(d.id)}"><text>${esc(d.text)}</text><toponyms>`);
    for (const t of d.tops) {
      parts.push(`<toponym><start>${t.start}</start><end>${t.end}</end><phrase>${esc(t.text)}</phrase>` +
        (t.lat === null || t.lon === null ? '' : `<gaztag><lat>${t.lat}</lat><lon>${t.lon}</lon></gaztag>`) + '</toponym>');
    }
    parts.push('</toponyms></article>');
  }
  parts.push('</articles>\n');
  return parts.join('\n');
}
