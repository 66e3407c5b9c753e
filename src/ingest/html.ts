// HTML pages reduced to the article: Mozilla Readability over a linkedom DOM, then a block-aware
// text walk (paragraphs separated by blank lines). Title, publication date and URL come from meta
// tags, JSON-LD, <time>, and finally the text's dateline.
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';
import { TruceError } from '../model/errors.ts';
import { parseDateline } from './dateline.ts';

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'BUTTON', 'SELECT']);

interface DomNode { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<DomNode> }

/** Text of a DOM subtree: inline white space collapsed, blocks separated by a blank line. */
export function domText(root: DomNode): string {
  const parts: string[] = [];
  let line = '';
  const flush = () => {
    const t = line.replace(/\s+/g, ' ').trim();
    if (t) parts.push(t);
    line = '';
  };
  const walk = (n: DomNode) => {
    if (n.nodeType === 3) { line += n.textContent ?? ''; return; }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) return;
    const name = n.nodeName.toUpperCase();
    if (SKIP.has(name)) return;
    const block = BLOCK.has(name);
    if (block) flush();
    const kids = n.childNodes;
    for (let i = 0; i < kids.length; i++) walk(kids[i]);
    if (block) flush();
  };
  walk(root);
  flush();
  return parts.join('\n\n');
}

/** Text of an HTML fragment (feed item descriptions). */
export function htmlFragmentText(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return domText(document.body as unknown as DomNode);
}

export interface HtmlArticle {
  text: string;
  title: string | null;
  /** YYYY-MM-DD or null */
  date: string | null;
  url: string | null;
}

function isoDay(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().slice(0, 10);
}

const DATE_META = [
  'article:published_time', 'og:published_time', 'datePublished', 'date', 'pubdate', 'publishdate', 'publish-date',
  'dc.date', 'dc.date.issued', 'dcterms.created', 'sailthru.date', 'parsely-pub-date', 'article.published', 'cxenseparse:recs:publishtime',
];

function jsonLdDate(v: unknown, depth = 0): string | null {
  if (!v || typeof v !== 'object' || depth > 5) return null;
  if (Array.isArray(v)) {
    for (const x of v) { const d = jsonLdDate(x, depth + 1); if (d) return d; }
    return null;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.datePublished === 'string') return o.datePublished;
  if (typeof o.dateCreated === 'string') return o.dateCreated;
  if (o['@graph']) return jsonLdDate(o['@graph'], depth + 1);
  return null;
}

/** The charset a page declares in its first bytes (<meta charset>, http-equiv). */
export function sniffHtmlCharset(head: string): string | null {
  const m = /<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w-]+)/i.exec(head.slice(0, 4096));
  return m ? m[1] : null;
}

/** Reduces an HTML page to its article. Throws BAD_HTML when no text can be found. */
export function readHtml(html: string, input: string, baseUrl: string | null = null): HtmlArticle {
  let document: Document;
  try {
    ({ document } = parseHTML(html) as unknown as { document: Document });
  } catch (e) {
    throw new TruceError('BAD_HTML', input, `cannot parse the HTML: ${(e as Error).message}`);
  }
  const meta = (key: string): string | null => {
    for (const el of Array.from(document.querySelectorAll('meta'))) {
      const k = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? '').toLowerCase();
      if (k === key.toLowerCase()) {
        const c = el.getAttribute('content');
        if (c && c.trim()) return c.trim();
      }
    }
    return null;
  };
  let date: string | null = null;
  for (const k of DATE_META) { date = isoDay(meta(k)); if (date) break; }
  if (!date) {
    for (const s of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
      try { date = isoDay(jsonLdDate(JSON.parse(s.textContent ?? ''))); } catch { /* malformed JSON-LD: ignore */ }
      if (date) break;
    }
  }
  if (!date) date = isoDay(document.querySelector('time[datetime]')?.getAttribute('datetime'));
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('og:url');
  let url = baseUrl;
  if (canonical) {
    try { url = new URL(canonical, baseUrl ?? undefined).href; } catch { /* relative with no base: keep the fetched URL */ }
  }
  const headTitle = meta('og:title') ?? document.querySelector('title')?.textContent?.trim() ?? null;

  let text = '';
  let title: string | null = headTitle || null;
  try {
    // Readability mutates the DOM; parse a second copy so meta lookups above stay valid
    const { document: doc2 } = parseHTML(html) as unknown as { document: Document };
    const art = new Readability(doc2, { charThreshold: 200 }).parse();
    if (art?.content) {
      const { document: frag } = parseHTML(`<!doctype html><html><body>${art.content}</body></html>`);
      text = domText(frag.body as unknown as DomNode);
      if (!title && art.title) title = art.title.trim() || null;
      if (!date) date = isoDay(art.publishedTime);
    }
  } catch {
    /* Readability failed on malformed markup: fall back to the body text */
  }
  if (text.trim().length < 80) {
    const body = document.body ?? document.documentElement;
    const all = body ? domText(body as unknown as DomNode) : '';
    if (all.length > text.length) text = all;
  }
  // a leading heading equal to the title is not part of the report's body
  if (title && text.startsWith(title)) text = text.slice(title.length).replace(/^\s+/, '');
  if (!text.trim()) throw new TruceError('BAD_HTML', input, 'no article text found in the page');
  if (!date) date = parseDateline(text)?.date ?? null;
  return { text, title, date, url };
}
