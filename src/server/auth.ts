// Token auth: a user presents `Authorization: Bearer <token>`; only sha256(token) is stored.
// Roles are ordered viewer < analyst < admin: a route needing analyst accepts an admin too.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Role, Store, User } from '../store/store.ts';
import { HttpProblem } from './problem.ts';

export const ROLES: Role[] = ['viewer', 'analyst', 'admin'];
const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random token (192 bits), prefixed so that it is recognisable in a secret scanner. */
export function newToken(): string {
  return `truce_${randomBytes(24).toString('base64url')}`;
}

export function isRole(x: string): x is Role {
  return (ROLES as string[]).includes(x);
}

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/=-]+)[ ]*$/i;

const unauthorized = (detail: string) =>
  new HttpProblem(401, 'Unauthorized', detail, {}, { 'WWW-Authenticate': 'Bearer realm="truce"' });

/** Resolves the caller: null when no Authorization header; throws 401 on a malformed or unknown token. */
export async function authenticate(store: Store, req: FastifyRequest): Promise<User | null> {
  const h = req.headers.authorization;
  if (h === undefined || h === '') return null;
  const m = BEARER.exec(h);
  if (!m) throw unauthorized('the Authorization header must be "Bearer <token>"');
  const user = await store.userByTokenHash(hashToken(m[1]));
  if (!user) throw unauthorized('the token is not valid');
  return user;
}

/** Throws 401 when there is no user, 403 when the user's role is below `role`. */
export function requireRole(user: User | null, role: Role): User {
  if (!user) throw unauthorized(`this request needs a token with the ${role} role`);
  if (RANK[user.role] < RANK[role]) {
    throw new HttpProblem(403, 'Forbidden', `user "${user.name}" has the ${user.role} role; this request needs ${role}`);
  }
  return user;
}

/** Creates a user and returns the token (shown once; only its hash is kept). */
export async function createUser(store: Store, name: string, role: Role): Promise<string> {
  const token = newToken();
  await store.addUser(name, role, hashToken(token));
  return token;
}
