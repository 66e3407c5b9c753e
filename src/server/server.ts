// The REST API and the dashboard, served by one fastify instance. `buildServer()` is what `truce serve`
// runs and what the tests drive with fastify's inject(). Reading is open on a local install (unless
// `readToken` is set); every write needs `Authorization: Bearer <token>` with the right role, and every
// analyst or admin change is written to the store's audit log.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Role, Store, User } from '../store/store.ts';
import { authenticate, requireRole } from './auth.ts';
import { errorHandler, sendProblem, problemType } from './problem.ts';
import { sharedSchemas } from './schemas.ts';
import { loadTracker, type StatusReport, type Tracker } from './track.ts';
import { registerRoutes } from './routes.ts';

export interface ServerOptions {
  store: Store;
  /** Directory of the built dashboard (vite build web -> web/dist); null serves no dashboard. */
  webRoot?: string | null;
  /** Log requests (pino) to stderr. */
  logger?: boolean;
  /** Largest request body accepted, bytes (default 1 MiB; document ingestion allows `maxDocumentBytes`). */
  bodyLimit?: number;
  /** Largest document body accepted on POST /api/documents (default 5 MiB). */
  maxDocumentBytes?: number;
  /** Require a token (any role) for reading too (for a shared install). */
  requireTokenToRead?: boolean;
  /** The compliance tracker; by default src/track/report.ts, loaded lazily. */
  tracker?: Tracker | null;
  /** Today's date for defaults (as-of); tests pin it. */
  today?: () => string;
  /** Allow POST /api/documents with a URL (fetches the page). Default true. */
  allowUrlIngest?: boolean;
}

export interface Ctx {
  store: Store;
  opts: ServerOptions;
  tracker(): Promise<Tracker | null>;
  today(): string;
  /** The caller, resolved from the bearer token (null: anonymous reader). */
  user(req: FastifyRequest): User | null;
  /** Throws 401/403 unless the caller has at least `role`. */
  need(req: FastifyRequest, role: Role): User;
  /** Status reports by as-of date, for a few seconds (see routes.ts). */
  statusCache: Map<string, { at: number; version: string | null; report: Promise<StatusReport> }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WEB_ROOT = path.resolve(here, '../../web/dist');

declare module 'fastify' {
  interface FastifyRequest {
    truceUser: User | null;
  }
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
    // ids contain '#', sent as %23: keep the default decoding of params
    routerOptions: { maxParamLength: 500 },
  });
  const store = opts.store;
  const tracker = opts.tracker !== undefined ? () => Promise.resolve(opts.tracker ?? null) : loadTracker;
  const ctx: Ctx = {
    store,
    opts,
    tracker,
    today: opts.today ?? (() => new Date().toISOString().slice(0, 10)),
    user: (req) => req.truceUser,
    need: (req, role) => requireRole(req.truceUser, role),
    statusCache: new Map(),
  };

  // responses are plain JSON.stringify: the schemas document them without filtering fields away
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, { type: problemType(404), title: 'Not Found', status: 404, detail: `no route for ${req.method} ${req.url.split('?')[0]}`, instance: req.url.split('?')[0] }));
  for (const s of sharedSchemas) app.addSchema(s);

  app.decorateRequest('truceUser', null);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    if (!req.url.startsWith('/api')) return;
    req.truceUser = await authenticate(store, req);
    if (opts.requireTokenToRead && !req.truceUser && req.method !== 'OPTIONS') requireRole(null, 'viewer');
  });

  const { default: swagger } = await import('@fastify/swagger');
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Truce Monitor API',
        version: '0.1.0',
        description: 'Conflict reports as dated, geolocated events with evidence, held against ceasefire-agreement provisions. '
          + 'Reading is open on a local install; writes need `Authorization: Bearer <token>` (create one with `truce users add NAME --role analyst`). '
          + 'Errors are RFC 9457 problem details.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a token printed by `truce users add`' } } },
      tags: [
        { name: 'documents' }, { name: 'events' }, { name: 'agreements' }, { name: 'compliance' }, { name: 'audit' }, { name: 'users' },
      ],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });

  await app.register(async (api) => registerRoutes(api, ctx), { prefix: '/api' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // the map's base layer: Natural Earth country shapes (world-atlas, installed with npm) as GeoJSON,
  // converted once here so that the browser's map worker parses it off the main thread
  let countries: string | null = null;
  app.get('/basemap/countries.geojson', { schema: { hide: true } }, async (_req, reply) => {
    if (!countries) {
      const [{ feature }, topo] = await Promise.all([
        import('topojson-client'),
        import('world-atlas/countries-110m.json', { with: { type: 'json' } }),
      ]);
      const t = topo.default as unknown as Parameters<typeof feature>[0] & { objects: { countries: Parameters<typeof feature>[1] } };
      countries = JSON.stringify(feature(t, t.objects.countries));
    }
    return reply.type('application/geo+json').header('Cache-Control', 'public, max-age=86400').send(countries);
  });

  const { default: swaggerUi } = await import('@fastify/swagger-ui');
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: false }, staticCSP: false });

  const webRoot = opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot;
  if (webRoot && existsSync(path.join(webRoot, 'index.html'))) {
    const { default: fastifyStatic } = await import('@fastify/static');
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      decorateReply: false,
      index: ['index.html'],
      maxAge: 0,
      setHeaders: (res, file) => {
        if (/[.-][A-Za-z0-9_-]{8}\.(js|css|mjs)$/.test(file)) res.header("Cache-Control", "public, max-age=31536000, immutable");
      },
    });
  } else {
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send(
        '<!doctype html><meta charset="utf-8"><title>Truce Monitor</title><h1>Truce Monitor</h1>'
        + '<p>The dashboard is not built. Run <code>npm run build:web</code>, then reload.</p>'
        + '<p>The API is at <a href="/api">/api</a>, its reference at <a href="/api/docs">/api/docs</a>.</p>'));
  }
  return app;
}
