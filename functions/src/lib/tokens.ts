import { SignJWT, jwtVerify } from 'jose';
import { DomainError, type Actor, type Grant } from '@safegrid/shared';

const ISSUER = 'safegrid';
const LIFETIME_SECONDS = 2 * 60 * 60;

/** Our own short-lived session token: who the user is and what their roles reach. */
export class Tokens {
  private readonly key: Uint8Array;
  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(actor: Actor, now: Date): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({ grants: actor.grants })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(actor.userId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + LIFETIME_SECONDS)
      .sign(this.key);
    return { token, expiresAt: new Date((iat + LIFETIME_SECONDS) * 1000).toISOString() };
  }

  async verify(token: string, now: Date): Promise<Actor> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: now,
      });
      if (typeof payload.sub !== 'string' || !Array.isArray(payload.grants)) throw new Error('malformed');
      return { userId: payload.sub, grants: payload.grants as Grant[] };
    } catch {
      throw new DomainError('UNAUTHENTICATED', '登录已过期或无效，请重新登录');
    }
  }
}
