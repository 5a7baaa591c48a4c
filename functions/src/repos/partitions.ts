import type { Entity, FormattedItem } from 'dynamodb-toolbox/entity';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Entities } from './entities';
import type { INDEXES } from './table';

export type PartitionKey = {
  index?: (typeof INDEXES)[number];
  partition: string;
  range?: { beginsWith: string } | { between: [string, string] };
};

/** How many requests one page may make when a filter discards most of what is read. */
const MAX_REQUESTS = 20;

/**
 * One page over several keys read one after the other (an area's months, a caller's areas): the
 * cursor says which key and where in it. Each request asks only for what the page still lacks
 * (DynamoDB applies Limit before the filter), so the cursor resumes exactly after the last item
 * examined; a page that used its requests comes back short, with a cursor.
 */
export async function pageAcross<E extends Entity>(
  { table, cursors }: Pick<Entities, 'table' | 'cursors'>,
  entity: E,
  keys: PartitionKey[],
  p: { limit: number; cursor?: string; filter?: Record<string, unknown>; reverse?: boolean },
): Promise<{ items: FormattedItem<E>[]; cursor?: string }> {
  // The cursor is bound to the keys and the filter, so its position always indexes this same list of keys.
  const binding = { keys, filter: p.filter, reverse: p.reverse };
  const at = cursors.open(p.cursor, binding);
  let i = typeof at?.p === 'number' && Number.isInteger(at.p) && at.p >= 0 ? at.p : 0;
  let exclusiveStartKey = at?.k && typeof at.k === 'object' ? (at.k as Record<string, unknown>) : undefined;
  const items: FormattedItem<E>[] = [];
  for (let n = 0; n < MAX_REQUESTS && i < keys.length && items.length < p.limit; n++) {
    const page = await table
      .build(QueryCommand)
      .entities(entity)
      .query(keys[i] as never)
      .options({
        limit: p.limit - items.length,
        exclusiveStartKey,
        ...(p.reverse ? { reverse: true } : {}),
        ...(p.filter ? { filters: { [entity.entityName]: p.filter } } : {}),
      } as never)
      .send();
    items.push(...((page.Items ?? []) as FormattedItem<E>[]));
    exclusiveStartKey = page.LastEvaluatedKey;
    if (!exclusiveStartKey) i++;
  }
  const cursor = i < keys.length ? cursors.seal({ p: i, ...(exclusiveStartKey ? { k: exclusiveStartKey } : {}) }, binding) : undefined;
  return { items, ...(cursor ? { cursor } : {}) };
}
