// Bytes to text, with the checks every reader shares: empty, binary, invalid UTF-8, size limit.
// Charset: BOM, then the declared charset (HTTP header or <meta>), then UTF-8 (strict); a source that
// allows it (web pages) falls back to windows-1252 with a warning instead of failing.
import { TruceError } from '../model/errors.ts';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** Parses sizes like "20MB", "512k", "1.5 GB", "1000" (bytes). */
export function parseSize(s: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(s);
  if (!m) throw new TruceError('USAGE', '--max-size', `"${s}" is not a size (e.g. 20MB, 512k)`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(m[1]) * mult);
}

export function checkSize(bytes: number, input: string, maxBytes: number): void {
  if (bytes > maxBytes) {
    throw new TruceError('TOO_LARGE', input, `${bytes} bytes is over the size limit of ${maxBytes} bytes (raise it with --max-size)`);
  }
}

/** True when the bytes look binary: a NUL byte, or many control characters, in the first 8 KB. */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) ctrl++;
  }
  return n > 0 && ctrl / n > 0.1;
}

export interface DecodeOptions {
  /** Declared charset (Content-Type header, <meta charset>, XML declaration). */
  charset?: string | null;
  /** When the bytes are not valid in the declared/assumed charset: fall back to windows-1252 (web) or fail. */
  lenient?: boolean;
  /** Receives warnings (e.g. charset fallback). */
  warn?: (msg: string) => void;
}

function bomCharset(buf: Uint8Array): { charset: string; skip: number } | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return null;
}

function decoderFor(charset: string, fatal: boolean): TextDecoder | null {
  try {
    return new TextDecoder(charset.trim().toLowerCase(), { fatal, ignoreBOM: true });
  } catch {
    return null;
  }
}

/** Decodes bytes to a string; throws EMPTY_INPUT, BINARY_INPUT or BAD_ENCODING naming the input. */
export function decodeBytes(buf: Uint8Array, input: string, opts: DecodeOptions = {}): string {
  if (buf.length === 0) throw new TruceError('EMPTY_INPUT', input, 'the input is empty');
  const bom = bomCharset(buf);
  // UTF-16 text has NUL bytes: only test for binary when no UTF-16 BOM says otherwise
  if (!(bom && bom.charset.startsWith('utf-16')) && looksBinary(buf)) {
    throw new TruceError('BINARY_INPUT', input, 'the input looks binary, not text');
  }
  let text: string;
  if (bom) {
    text = new TextDecoder(bom.charset, { fatal: false, ignoreBOM: true }).decode(buf.subarray(bom.skip));
  } else {
    const declared = opts.charset ? decoderFor(opts.charset, true) : null;
    if (opts.charset && !declared) opts.warn?.(`${input}: unknown charset "${opts.charset}", trying UTF-8`);
    const first = declared ?? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    try {
      text = first.decode(buf);
    } catch {
      const name = declared ? opts.charset! : 'UTF-8';
      if (!opts.lenient) throw new TruceError('BAD_ENCODING', input, `the input is not valid ${name}`);
      // a page that lies about its charset (or gives none): UTF-8 first, then windows-1252 (never fails)
      let fallback = 'windows-1252';
      if (declared) {
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
          opts.warn?.(`${input}: not valid ${name}; read as UTF-8`);
          return checkNotBlank(text, input);
        } catch { /* fall through */ }
      }
      opts.warn?.(`${input}: not valid ${name}; read as ${fallback}`);
      text = new TextDecoder(fallback).decode(buf);
    }
  }
  return checkNotBlank(text, input);
}

function checkNotBlank(text: string, input: string): string {
  if (text.trim().length === 0) throw new TruceError('EMPTY_INPUT', input, 'the input has no text (only white space)');
  return text;
}
