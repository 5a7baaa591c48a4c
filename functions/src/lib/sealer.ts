import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Values the server hands out or keeps that no one may read or alter: AES-256-GCM under a key
 * derived from the deployment's secret for one purpose, with a binding (what the value belongs to)
 * as authenticated data, so a value sealed for one thing does not open for another.
 */
export class Sealer {
  private readonly key: Buffer;
  constructor(secret: string, purpose: string) {
    this.key = createHmac('sha256', secret).update(`safegrid:${purpose}`).digest();
  }

  seal(value: unknown, binding: unknown): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(JSON.stringify(binding)));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The value sealed for this binding, or undefined for anything else (edited, forged, another binding's). */
  open(sealed: string, binding: unknown): unknown {
    try {
      const raw = Buffer.from(sealed, 'base64url');
      if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(JSON.stringify(binding)));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return JSON.parse(Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8'));
    } catch {
      return undefined;
    }
  }
}
