import { SignJWT, jwtVerify } from 'jose';
import { DomainError, type Actor } from '@safegrid/shared';

const ISSUER = 'safegrid';
const LIFETIME_SECONDS = 2 * 60 * 60;

/**
 * Our own session token says who the user is, nothing more: what they may do is read from their
 * record on each request (usecases/auth.ts currentActor), so a removed grant or a deactivated
 * account stops working within a minute, not when the token expires.
 */
export class Tokens {
  private readonly key: Uint8Array;
  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(actor: Actor, now: Date): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(actor.userId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + LIFETIME_SECONDS)
      .sign(this.key);
    return { token, expiresAt: new Date((iat + LIFETIME_SECONDS) * 1000).toISOString() };
  }

  /** The user id a valid token names. */
  async verify(token: string, now: Date): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: now,
      });
      if (typeof payload.sub !== 'string' || !payload.sub) throw new Error('malformed');
      return payload.sub;
    } catch {
      throw new DomainError('UNAUTHENTICATED', '登录已过期或无效，请重新登录');
    }
  }
}
