import { DomainError } from '@safegrid/shared';
import { Sealer } from '../lib/sealer';

/**
 * The client's paging cursor: where a Query stopped (DynamoDB's LastEvaluatedKey, or a richer
 * position), sealed (lib/sealer.ts) and bound to the query it came from. It is opaque (the keys
 * inside name areas and ids the caller need not read) and tamper-evident, so a cursor edited by
 * hand or carried over to another list, another area or another filter is refused with a 400
 * instead of reaching DynamoDB as a start key.
 */
export class Cursors {
  private readonly sealer: Sealer;
  constructor(secret: string) {
    this.sealer = new Sealer(secret, 'paging-cursor');
  }

  seal(position: Record<string, unknown> | undefined, binding: unknown): string | undefined {
    return position ? this.sealer.seal(position, binding) : undefined;
  }

  /** The position a cursor of this same query holds; a cursor that is not one answers 400 naming it. */
  open(cursor: string | undefined, binding: unknown): Record<string, unknown> | undefined {
    if (!cursor) return undefined;
    const position = this.sealer.open(cursor, binding);
    if (typeof position === 'object' && position && !Array.isArray(position)) return position as Record<string, unknown>;
    throw new DomainError('VALIDATION_FAILED', '翻页标记无效或已失效，请回到列表第一页重新加载', { cursor: '翻页标记无效，请从第一页重新加载' });
  }
}
