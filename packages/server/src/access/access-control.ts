import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { HearthError } from '@hearth/spec';
import type { GatewayConfig, Scope } from '../config/gateway-config.ts';

export interface Caller {
  /** Key name, `origin:<origin>` for a browser token, or `anonymous`. */
  id: string;
  scopes: ReadonlySet<Scope>;
}

const ALL: ReadonlySet<Scope> = new Set(['inference', 'models', 'admin']);

/** Makes a new API key and the hash that goes in the config (the key itself is never stored). */
export function newApiKey(): { key: string; sha256: string } {
  const key = `hk_${randomBytes(24).toString('base64url')}`;
  return { key, sha256: sha256(key) };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Who is calling. Without configured keys the gateway is open (it binds to loopback by default);
 * with keys, every API call needs one, or a browser token bound to the page's origin.
 */
export class AccessControl {
  private readonly keys: Array<{ name: string; hash: Buffer; scopes: ReadonlySet<Scope> }>;

  constructor(
    private readonly auth: GatewayConfig['auth'],
    private readonly now: () => number = Date.now,
  ) {
    this.keys = auth.apiKeys.map((k) => ({ name: k.name, hash: Buffer.from(k.sha256, 'hex'), scopes: new Set(k.scopes) }));
  }

  get open(): boolean {
    return this.keys.length === 0;
  }

  authenticate(authorization: string | null, origin: string | null): Caller {
    if (this.open) return { id: 'anonymous', scopes: ALL };
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]?.trim();
    if (!token)
      throw new HearthError({
        code: 'forbidden',
        message: 'This gateway needs an API key.',
        hint: 'Send "Authorization: Bearer <key>".',
        data: { status: 401 },
      });
    if (token.startsWith('hot_')) return this.verifyOriginToken(token, origin);
    const hash = createHash('sha256').update(token).digest();
    // Compare against every key in constant time, so timing says nothing about which is close.
    let match: (typeof this.keys)[number] | undefined;
    for (const k of this.keys) if (timingSafeEqual(k.hash, hash)) match = k;
    if (!match)
      throw new HearthError({
        code: 'forbidden',
        message: 'The API key is not valid.',
        hint: 'Check the key; keys are configured by their SHA-256 in auth.apiKeys.',
        data: { status: 401 },
      });
    return { id: match.name, scopes: match.scopes };
  }

  /** A token a browser page may use for `ttl` seconds, only from `origin`, only for inference. */
  issueOriginToken(origin: string): { token: string; expiresAt: number } {
    const secret = this.requireSecret();
    const expiresAt = Math.floor(this.now() / 1000) + this.auth.tokenTtlSeconds;
    const payload = Buffer.from(JSON.stringify({ o: origin, e: expiresAt })).toString('base64url');
    const signature = createHmac('sha256', secret).update(payload).digest('base64url');
    return { token: `hot_${payload}.${signature}`, expiresAt };
  }

  private verifyOriginToken(token: string, origin: string | null): Caller {
    const secret = this.requireSecret();
    const [payload = '', signature = ''] = token.slice(4).split('.');
    const expected = createHmac('sha256', secret).update(payload).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new HearthError({ code: 'forbidden', message: 'The browser token is not valid.', data: { status: 401 } });
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { o: string; e: number };
    if (claims.e * 1000 < this.now())
      throw new HearthError({ code: 'forbidden', message: 'The browser token has expired.', hint: 'Ask the app server for a new one.', data: { status: 401 } });
    if (origin !== claims.o)
      throw new HearthError({
        code: 'forbidden',
        message: `The browser token was issued for ${claims.o}, not for ${origin ?? 'a request without an Origin'}.`,
        data: { status: 403 },
      });
    return { id: `origin:${claims.o}`, scopes: new Set<Scope>(['inference', 'models']) };
  }

  private requireSecret(): string {
    if (!this.auth.tokenSecret)
      throw new HearthError({
        code: 'unsupported',
        message: 'Browser tokens are not configured.',
        hint: 'Set auth.tokenSecret (32+ characters) in the gateway config.',
      });
    return this.auth.tokenSecret;
  }
}

export function requireScope(caller: Caller, scope: Scope): void {
  if (!caller.scopes.has(scope))
    throw new HearthError({ code: 'forbidden', message: `This key may not do that: it lacks the "${scope}" scope.`, data: { status: 403 } });
}
