import type { Entity } from 'dynamodb-toolbox/entity';
import type { FormattedItem } from 'dynamodb-toolbox/entity';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { INDEXES, SafegridTable } from './table';

type Key = { index?: (typeof INDEXES)[number]; partition: string; range?: { beginsWith: string } | { between: [string, string] } };
type Options = {
  /** Project only these attributes (the items come back with just them). */
  attributes?: readonly string[];
  /** A condition on the entity's attributes, applied after the read (read units are spent on all). */
  filter?: unknown;
};

/** Every item of one entity under a key, following DynamoDB's pages to the end, with what it cost. */
export async function queryPages<E extends Entity>(table: SafegridTable, entity: E, key: Key, options: Options = {}) {
  const items: FormattedItem<E>[] = [];
  let requests = 0;
  let readUnits = 0;
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table
      .build(QueryCommand)
      .entities(entity)
      .query(key)
      .options({
        exclusiveStartKey,
        capacity: 'TOTAL',
        ...(options.attributes ? { attributes: [...options.attributes] } : {}),
        ...(options.filter ? { filters: { [entity.entityName]: options.filter } } : {}),
      } as never)
      .send();
    requests++;
    readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
    items.push(...((page.Items ?? []) as FormattedItem<E>[]));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return { items, requests, readUnits };
}

/** Every item of one entity under a key, following DynamoDB's pages to the end. */
export async function queryAll<E extends Entity>(table: SafegridTable, entity: E, key: Key, options: Options = {}): Promise<FormattedItem<E>[]> {
  return (await queryPages(table, entity, key, options)).items;
}
