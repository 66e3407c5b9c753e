// Shared CLI plumbing: error reporting with exit codes, output helpers.
import { TruceError, isTruceError } from '../model/errors.ts';

/** Prints a one-line error naming the input and the problem, then exits with the error's code. */
export function exitWith(e: unknown): never {
  if (isTruceError(e)) {
    process.stderr.write(`truce: ${e.message}\n`);
    process.exit(e.exitCode);
  }
  const err = e as Error;
  process.stderr.write(`truce: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.TRUCE_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  process.exit(3);
}

/** Wraps an async command action so errors become one-line messages and exit codes. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void | number>) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number' && code !== 0) process.exitCode = code;
    } catch (e) {
      exitWith(e);
    }
  };
}

// A reader that stops early (`truce events | head`) closes the pipe: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

/** Writes to stdout and waits for it to drain (large JSON outputs through pipes). */
export function out(s: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(s)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

/** The database location: --db, else TRUCE_DB, else ./truce.db. */
export function dbUrl(opt?: string): string {
  return opt || process.env.TRUCE_DB || 'truce.db';
}

/** A whole-number option (--workers 2): undefined when absent, a usage error naming it when not >= min. */
export function intOpt(v: string | undefined, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new TruceError('USAGE', name, `"${v}" is not a whole number >= ${min}`);
  return n;
}
