// Readers: turn inputs (files, folders, stdin '-', URLs) into Documents, one at a time, so that a
// 100,000-line JSONL file or a 10,000-item feed streams with bounded memory. Every problem becomes a
// `{kind: 'error'}` item naming its input; the rest of the batch goes on.
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Document } from '../model/types.ts';
import { TruceError, checkDate, isTruceError } from '../model/errors.ts';
import { checkSize, decodeBytes, looksBinary } from './decode.ts';
import { parseDateline } from './dateline.ts';
import { readHtml, sniffHtmlCharset } from './html.ts';
import { idForUrl, looksLikeFeed, parseFeed } from './feed.ts';
import { fetchUrl, isUrl } from './fetch.ts';

export type ReadItem =
  | { kind: 'doc'; input: string; doc: Document }
  | { kind: 'error'; input: string; code: string; message: string; /** the record's id, when it had one */ id?: string };

export interface ReadOptions {
  /** DCT for documents that state none (YYYY-MM-DD). For plain text it wins over the dateline. */
  date?: string | null;
  /** Source name stored with every document. */
  source?: string | null;
  maxBytes: number;
  fetchTimeoutMs?: number;
  warn?: (msg: string) => void;
  /** Where stdin comes from (tests). */
  stdin?: NodeJS.ReadableStream;
}

type Format = 'text' | 'html' | 'feed' | 'json' | 'jsonl';

const EXT: Record<string, Format> = {
  '.txt': 'text', '.text': 'text', '.md': 'text',
  '.html': 'html', '.htm': 'html', '.xhtml': 'html',
  '.xml': 'feed', '.rss': 'feed', '.atom': 'feed',
  '.json': 'json', '.jsonl': 'jsonl', '.ndjson': 'jsonl',
};

export function errorItem(input: string, e: unknown): ReadItem {
  if (isTruceError(e)) return { kind: 'error', input, code: e.code, message: e.message };
  return { kind: 'error', input, code: 'INTERNAL', message: `${input}: ${(e as Error)?.message ?? String(e)}` };
}

/** The id of a file's document: its base name without the extension. */
export function idForFile(file: string): string {
  const b = path.basename(file);
  const ext = path.extname(b);
  return ext && ext.length < b.length ? b.slice(0, -ext.length) : b;
}

function sniff(text: string): Format {
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return t.startsWith('[') ? 'json' : 'jsonl';
  if (t.startsWith('<')) {
    if (looksLikeFeed(t)) return 'feed';
    return 'html';
  }
  return 'text';
}

/** A plain-text document: DCT from --date, else from the dateline, else null (the extractor infers it). */
export function textDocument(id: string, text: string, opts: ReadOptions, extra: Partial<Document> = {}): Document {
  const dct = opts.date ?? parseDateline(text)?.date ?? null;
  return { id, text, dct, source: opts.source ?? null, url: null, title: null, ...extra };
}

/** One JSON record {id, text, date?, url?, title?, source?} to a Document. `published`/`dct` are accepted for `date`. */
export function recordDocument(o: unknown, input: string, fallbackId: string, opts: ReadOptions): Document {
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new TruceError('BAD_JSON', input, 'expected a JSON object {"id", "text", "date"?}');
  const r = o as Record<string, unknown>;
  if (typeof r.text !== 'string') throw new TruceError('BAD_JSON', input, 'the record has no "text" string');
  if (!r.text.trim()) throw new TruceError('EMPTY_INPUT', input, 'the record\'s text is empty');
  if (r.text.indexOf('\u0000') >= 0) throw new TruceError('BINARY_INPUT', input, 'the record\'s text contains NUL characters');
  checkSize(Buffer.byteLength(r.text, 'utf8'), input, opts.maxBytes);
  const id = typeof r.id === 'string' && r.id ? r.id : typeof r.id === 'number' ? String(r.id) : fallbackId;
  const rawDate = r.date ?? r.dct ?? r.published ?? null;
  let dct: string | null = opts.date ?? null;
  if (rawDate != null) {
    if (typeof rawDate !== 'string') throw new TruceError('BAD_DATE', input, `"date" must be a string YYYY-MM-DD`);
    dct = checkDate(rawDate.trim().slice(0, 10), input);
  }
  const s = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return { id, text: r.text, dct, source: s(r.source) ?? opts.source ?? null, url: s(r.url), title: s(r.title) };
}

/** Splits a byte stream into lines (LF, CRLF), each decoded as strict UTF-8. */
async function* byteLines(stream: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let data = rest.length ? Buffer.concat([rest, buf]) : buf;
    let s = 0;
    for (let i = data.indexOf(10, s); i >= 0; i = data.indexOf(10, s)) {
      yield data.subarray(s, i > s && data[i - 1] === 13 ? i - 1 : i);
      s = i + 1;
    }
    rest = Buffer.from(data.subarray(s));
    data = Buffer.alloc(0);
  }
  if (rest.length) yield rest[rest.length - 1] === 13 ? rest.subarray(0, rest.length - 1) : rest;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON lines from a stream: one document per non-blank line; a bad line is an error item. */
export async function* readJsonLines(stream: NodeJS.ReadableStream, input: string, opts: ReadOptions): AsyncGenerator<ReadItem> {
  const base = idForFile(input);
  let n = 0;
  for await (const bytes of byteLines(stream)) {
    n++;
    const where = `${input}:${n}`;
    let recId: string | undefined;
    if (bytes.length === 0 || (bytes.length < 8 && !bytes.toString().trim())) continue;
    try {
      // a line far over the limit is refused before it is decoded
      if (bytes.length > opts.maxBytes * 2 + 1024) checkSize(bytes.length, where, opts.maxBytes);
      let line: string;
      try {
        line = strictUtf8.decode(bytes);
      } catch {
        throw new TruceError('BAD_ENCODING', where, 'the line is not valid UTF-8');
      }
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch (e) {
        throw new TruceError('BAD_JSON', where, `not a JSON object: ${(e as Error).message}`);
      }
      const rid = (o as { id?: unknown } | null)?.id;
      if (typeof rid === 'string' || typeof rid === 'number') recId = String(rid);
      yield { kind: 'doc', input: where, doc: recordDocument(o, where, `${base}-${n}`, opts) };
    } catch (e) {
      const err = errorItem(where, e);
      yield recId !== undefined && err.kind === 'error' ? { ...err, id: recId } : err;
    }
  }
}

function* fromParsedJson(text: string, input: string, opts: ReadOptions): Generator<ReadItem> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    yield errorItem(input, new TruceError('BAD_JSON', input, `not valid JSON: ${(e as Error).message}`));
    return;
  }
  const base = idForFile(input);
  const list = Array.isArray(v) ? v : [v];
  for (let i = 0; i < list.length; i++) {
    const where = Array.isArray(v) ? `${input}[${i}]` : input;
    try {
      yield { kind: 'doc', input: where, doc: recordDocument(list[i], where, Array.isArray(v) ? `${base}-${i + 1}` : base, opts) };
    } catch (e) {
      yield errorItem(where, e);
    }
  }
}

async function* fromText(text: string, format: Format, input: string, id: string, url: string | null, opts: ReadOptions): AsyncGenerator<ReadItem> {
  try {
    if (format === 'html') {
      const a = readHtml(text, input, url);
      yield {
        kind: 'doc', input,
        doc: { id: url ? idForUrl(a.url ?? url) : id, text: a.text, dct: opts.date ?? a.date, source: opts.source ?? null, url: a.url, title: a.title },
      };
    } else if (format === 'feed') {
      const feed = parseFeed(text, input, { source: opts.source, date: opts.date });
      for (const it of feed.items) {
        if (it.doc) yield { kind: 'doc', input: it.doc.url ?? `${input}#${it.key}`, doc: it.doc };
        else yield { kind: 'error', input: `${input}#${it.key}`, code: 'EMPTY_INPUT', message: `${input}#${it.key}: ${it.problem}` };
      }
    } else if (format === 'json') {
      yield* fromParsedJson(text, input, opts);
    } else if (format === 'jsonl') {
      const { Readable } = await import('node:stream');
      yield* readJsonLines(Readable.from([Buffer.from(text)]), input, opts);
    } else {
      yield { kind: 'doc', input, doc: textDocument(id, text, opts, url ? { url } : {}) };
    }
  } catch (e) {
    yield errorItem(input, e);
  }
}

async function readAll(stream: NodeJS.ReadableStream, input: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream as AsyncIterable<Buffer | string>) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    total += b.length;
    checkSize(total, input, maxBytes);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** Files under a folder (recursive, sorted, hidden entries skipped) that a reader knows. */
export async function* walk(dir: string): AsyncGenerator<string> {
  const entries = (await fsp.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile() && EXT[path.extname(e.name).toLowerCase()]) yield p;
  }
}

async function* readFile(file: string, opts: ReadOptions): AsyncGenerator<ReadItem> {
  const ext = path.extname(file).toLowerCase();
  let format: Format | undefined = EXT[ext];
  try {
    const st = await fsp.stat(file);
    if (format === 'jsonl') {
      // streamed: the size limit applies to each document (line), not to the file
      yield* readJsonLines(createReadStream(file), file, opts);
      return;
    }
    checkSize(st.size, file, opts.maxBytes);
    const buf = await fsp.readFile(file);
    const isMarkup = format === 'html' || format === 'feed';
    const charset = isMarkup ? (sniffHtmlCharset(buf.subarray(0, 4096).toString('latin1')) ?? xmlCharset(buf)) : null;
    const text = decodeBytes(buf, file, { charset, lenient: isMarkup && !!charset, warn: opts.warn });
    if (!format) format = sniff(text);
    yield* fromText(text, format, file, idForFile(file), null, opts);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') yield errorItem(file, new TruceError('NOT_FOUND', file, 'no such file or folder'));
    else if ((e as NodeJS.ErrnoException).code === 'EACCES') yield errorItem(file, new TruceError('NOT_FOUND', file, 'permission denied'));
    else yield errorItem(file, e);
  }
}

function xmlCharset(buf: Uint8Array): string | null {
  const head = Buffer.from(buf.subarray(0, 200)).toString('latin1');
  const m = /<\?xml[^>]*encoding\s*=\s*["']([\w-]+)/i.exec(head);
  return m ? m[1] : null;
}

async function* readUrl(url: string, opts: ReadOptions): AsyncGenerator<ReadItem> {
  try {
    const f = await fetchUrl(url, { maxBytes: opts.maxBytes, timeoutMs: opts.fetchTimeoutMs });
    const ct = f.contentType;
    const headStr = Buffer.from(f.bytes.subarray(0, 4096)).toString('latin1');
    if (f.bytes.length && looksBinary(f.bytes) && !/^text\/|xml|json|html/.test(ct)) {
      throw new TruceError('BINARY_INPUT', url, `not text (Content-Type ${ct || 'unknown'})`);
    }
    let format: Format;
    if (/rss|atom/.test(ct) || ((/xml/.test(ct) || !ct) && looksLikeFeed(headStr))) format = 'feed';
    else if (/html/.test(ct)) format = looksLikeFeed(headStr) ? 'feed' : 'html';
    else if (/ndjson|jsonl/.test(ct)) format = 'jsonl';
    else if (/json/.test(ct)) format = 'json';
    else if (/^text\/plain/.test(ct)) format = 'text';
    else format = sniff(headStr);
    const charset = f.charset ?? (format === 'html' ? sniffHtmlCharset(headStr) : format === 'feed' ? xmlCharset(f.bytes) : null);
    const text = decodeBytes(f.bytes, url, { charset, lenient: true, warn: opts.warn });
    yield* fromText(text, format, url, idForUrl(f.finalUrl), f.finalUrl, opts);
  } catch (e) {
    yield errorItem(url, e);
  }
}

/** Reads every input in order: '-' is stdin, http(s):// a URL, a folder is walked recursively. */
export async function* readSources(inputs: string[], opts: ReadOptions): AsyncGenerator<ReadItem> {
  for (const input of inputs) {
    if (input === '-') {
      try {
        const buf = await readAll(opts.stdin ?? process.stdin, 'stdin', opts.maxBytes);
        const text = decodeBytes(buf, 'stdin', { warn: opts.warn });
        yield* fromText(text, sniff(text), 'stdin', 'stdin', null, opts);
      } catch (e) {
        yield errorItem('stdin', e);
      }
      continue;
    }
    if (isUrl(input)) {
      yield* readUrl(input, opts);
      continue;
    }
    let st;
    try {
      st = await fsp.stat(input);
    } catch {
      yield errorItem(input, new TruceError('NOT_FOUND', input, 'no such file, folder or URL'));
      continue;
    }
    if (st.isDirectory()) {
      let any = false;
      for await (const f of walk(input)) {
        any = true;
        yield* readFile(f, opts);
      }
      if (!any) opts.warn?.(`${input}: no readable files (.txt, .html, .json, .jsonl, .xml) in this folder`);
    } else {
      yield* readFile(input, opts);
    }
  }
}
