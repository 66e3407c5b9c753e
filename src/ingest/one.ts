// One document for `truce extract FILE|-`: text, or HTML reduced to its article; id = the base name
// without its extension ('stdin' for -). Throws TruceError (EMPTY_INPUT, BINARY_INPUT, BAD_ENCODING,
// NOT_FOUND, TOO_LARGE, USAGE) naming the input.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Document } from '../model/types.ts';
import { TruceError } from '../model/errors.ts';

/** Reads one document for `extract`: text, or HTML reduced to its article; id = the base name. */
export async function readOneDocument(file: string, date: string | null, maxBytes: number, stdin: NodeJS.ReadableStream = process.stdin): Promise<Document> {
  const { checkSize, decodeBytes } = await import('./decode.ts');
  const { idForFile } = await import('./sources.ts');
  let buf: Buffer;
  if (file === '-') {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const c of stdin) {
      total += (c as Buffer).length;
      checkSize(total, 'stdin', maxBytes);
      chunks.push(c as Buffer);
    }
    buf = Buffer.concat(chunks);
  } else {
    try {
      const st = await stat(file);
      if (st.isDirectory()) throw new TruceError('USAGE', file, 'is a folder; extract reads one document (use truce ingest for folders)');
      checkSize(st.size, file, maxBytes);
      buf = await readFile(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new TruceError('NOT_FOUND', file, 'no such file');
      if (code === 'EACCES') throw new TruceError('NOT_FOUND', file, 'permission denied');
      throw e;
    }
  }
  const input = file === '-' ? 'stdin' : file;
  const ext = path.extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') {
    const { sniffHtmlCharset, readHtml } = await import('./html.ts');
    const charset = sniffHtmlCharset(buf.subarray(0, 4096).toString('latin1'));
    const html = decodeBytes(buf, input, { charset, lenient: !!charset });
    const a = readHtml(html, input);
    return { id: idForFile(file), text: a.text, dct: date ?? a.date, source: null, url: a.url, title: a.title };
  }
  const text = decodeBytes(buf, input);
  return { id: file === '-' ? 'stdin' : idForFile(file), text, dct: date, source: null, url: null, title: null };
}

