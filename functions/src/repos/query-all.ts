import type { Entity } from 'dynamodb-toolbox/entity';
import type { FormattedItem } from 'dynamodb-toolbox/entity';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { INDEXES, SafegridTable } from './table';

type Key = { index?: (typeof INDEXES)[number]; partition: string; range?: { beginsWith: string } };

/** Every item of one entity under a key, following DynamoDB's pages to the end. */
export async function queryAll<E extends Entity>(table: SafegridTable, entity: E, key: Key): Promise<FormattedItem<E>[]> {
  const items: FormattedItem<E>[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.build(QueryCommand).entities(entity).query(key).options({ exclusiveStartKey }).send();
    items.push(...((page.Items ?? []) as FormattedItem<E>[]));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return items;
}
