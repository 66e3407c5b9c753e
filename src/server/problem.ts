// Errors as RFC 9457 problem details (application/problem+json). Nothing internal (stack traces, SQL,
// file paths) reaches a client: unknown errors become a generic 500 and are logged on the server.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isTruceError, type ErrorCode } from '../model/errors.ts';
import { StoreConflictError } from '../store/store.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Field-level validation problems. */
  errors?: { path: string; message: string }[];
  [k: string]: unknown;
}

/** An error the routes throw on purpose: carries the HTTP status and a short title. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(status: number, title: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super(detail);
    this.status = status;
    this.title = title;
    this.extra = extra;
    this.headers = headers;
  }
}

export const notFound = (what: string, id: string) => new HttpProblem(404, 'Not Found', `${what} "${id}" does not exist`);
export const badRequest = (detail: string) => new HttpProblem(400, 'Bad Request', detail);

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable',
};

const TRUCE_STATUS: Partial<Record<ErrorCode, number>> = {
  NOT_FOUND: 404, CONFLICT: 409, TOO_LARGE: 413, USAGE: 400, FETCH_FAILED: 502, DATABASE: 500, INTERNAL: 500,
};

/** about:blank: the title is the HTTP status phrase, the detail says what went wrong (RFC 9457 §4.2.1). */
export function problemType(_status: number): string {
  return 'about:blank';
}

/** Maps any thrown value to a problem; the second value says whether it is a server fault to log. */
export function toProblem(err: unknown, instance?: string): { problem: Problem; headers: Record<string, string>; log: boolean } {
  if (err instanceof HttpProblem) {
    return {
      problem: { type: problemType(err.status), title: err.title, status: err.status, detail: err.message, instance, ...err.extra },
      headers: err.headers,
      log: err.status >= 500,
    };
  }
  if (isTruceError(err)) {
    const status = TRUCE_STATUS[err.code] ?? 400;
    return {
      problem: { type: problemType(status), title: TITLES[status] ?? 'Error', status, detail: status === 500 ? 'internal error; see the server log' : err.message, code: err.code, instance },
      headers: {},
      log: status === 500,
    };
  }
  if (err instanceof StoreConflictError) {
    return { problem: { type: problemType(409), title: 'Conflict', status: 409, detail: err.message, instance }, headers: {}, log: false };
  }
  const fe = err as FastifyError & { validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[]; validationContext?: string };
  if (fe && Array.isArray(fe.validation)) {
    const errors = fe.validation.map((v) => {
      const extra = v.params && typeof v.params.additionalProperty === 'string' ? `/${v.params.additionalProperty}` : '';
      const missing = v.params && typeof v.params.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
      return { path: `${fe.validationContext ?? ''}${v.instancePath ?? ''}${extra}${missing}`, message: v.message ?? 'invalid' };
    });
    return {
      problem: { type: problemType(400), title: 'Bad Request', status: 400, detail: `invalid ${fe.validationContext ?? 'request'}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors, instance },
      headers: {},
      log: false,
    };
  }
  const status = typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
  if (status < 500) {
    // fastify's own client errors (bad JSON, body too large, unsupported media type): their messages are safe
    return { problem: { type: problemType(status), title: TITLES[status] ?? 'Error', status, detail: fe.message, instance }, headers: {}, log: false };
  }
  return { problem: { type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'internal error; see the server log', instance }, headers: {}, log: true };
}

export function sendProblem(reply: FastifyReply, p: Problem, headers: Record<string, string> = {}): FastifyReply {
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply.code(p.status).type('application/problem+json').serializer((x: unknown) => JSON.stringify(x)).send(p);
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const { problem, headers, log } = toProblem(err, req.url.split('?')[0]);
  if (log) req.log.error({ err }, 'request failed');
  return sendProblem(reply, problem, headers);
}
