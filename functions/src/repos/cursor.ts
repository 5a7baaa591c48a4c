import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { DomainError } from '@safegrid/shared';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The client's paging cursor: where a Query stopped (DynamoDB's LastEvaluatedKey, or a richer
 * position), sealed with AES-256-GCM. It is opaque (the keys inside name areas and ids the caller
 * need not read), tamper-evident, and bound to the query it came from (the binding is the
 * authenticated data), so a cursor edited by hand or carried over to another list, another area or
 * another filter is refused with a 400 instead of reaching DynamoDB as a start key.
 */
export class Cursors {
  private readonly key: Buffer;
  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('safegrid:paging-cursor').digest();
  }

  seal(position: Record<string, unknown> | undefined, binding: unknown): string | undefined {
    if (!position) return undefined;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(JSON.stringify(binding)));
    const body = Buffer.concat([cipher.update(JSON.stringify(position), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The position a cursor of this same query holds; a cursor that is not one answers 400 naming it. */
  open(cursor: string | undefined, binding: unknown): Record<string, unknown> | undefined {
    if (!cursor) return undefined;
    try {
      const raw = Buffer.from(cursor, 'base64url');
      if (raw.length <= IV_BYTES + TAG_BYTES) throw new Error('short');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(JSON.stringify(binding)));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      const position = JSON.parse(text);
      if (typeof position === 'object' && position && !Array.isArray(position)) return position;
    } catch {
      // fall through: any failure is the same refusal
    }
    throw new DomainError('VALIDATION_FAILED', '翻页标记无效或已失效，请回到列表第一页重新加载', { cursor: '翻页标记无效，请从第一页重新加载' });
  }
}
