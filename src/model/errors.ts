// Named errors with the input and the problem in the message. The CLI maps them to exit codes:
// 1 bad input (or a partly failed batch), 2 usage, 3 internal or database error.

export type ErrorCode =
  | 'EMPTY_INPUT'
  | 'BINARY_INPUT'
  | 'BAD_ENCODING'
  | 'NOT_FOUND'
  | 'TOO_LARGE'
  | 'BAD_DATE'
  | 'BAD_YAML'
  | 'BAD_AGREEMENT'
  | 'BAD_JSON'
  | 'BAD_HTML'
  | 'BAD_FEED'
  | 'FETCH_FAILED'
  | 'CONFLICT'
  | 'USAGE'
  | 'DATABASE'
  | 'INTERNAL';

const EXIT: Record<ErrorCode, number> = {
  EMPTY_INPUT: 1, BINARY_INPUT: 1, BAD_ENCODING: 1, NOT_FOUND: 1, TOO_LARGE: 1, BAD_DATE: 1,
  BAD_YAML: 1, BAD_AGREEMENT: 1, BAD_JSON: 1, BAD_HTML: 1, BAD_FEED: 1, FETCH_FAILED: 1, CONFLICT: 1,
  USAGE: 2, DATABASE: 3, INTERNAL: 3,
};

export class TruceError extends Error {
  readonly code: ErrorCode;
  /** The input the problem is about: a file path, URL, line, agreement id... */
  readonly input: string;
  readonly problem: string;
  constructor(code: ErrorCode, input: string, problem: string) {
    super(input ? `${input}: ${problem}` : problem);
    this.name = 'TruceError';
    this.code = code;
    this.input = input;
    this.problem = problem;
  }
  get exitCode(): number {
    return EXIT[this.code];
  }
}

export function isTruceError(e: unknown): e is TruceError {
  return e instanceof TruceError;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a calendar date YYYY-MM-DD (2020-02-30 is rejected); returns it or throws BAD_DATE. */
export function checkDate(value: string, input: string): string {
  const m = ISO_DATE.exec(value);
  if (!m) throw new TruceError('BAD_DATE', input, `"${value}" is not a date in the form YYYY-MM-DD`);
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) {
    throw new TruceError('BAD_DATE', input, `"${value}" is not a real calendar date`);
  }
  return value;
}
