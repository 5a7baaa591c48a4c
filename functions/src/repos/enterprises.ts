import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { districtOf, type Enterprise } from '@safegrid/shared';
import type { Entities } from './entities';
import { subtreePrefix } from './table';

export async function getEnterprise(db: Entities, id: string): Promise<Enterprise | undefined> {
  const { Item } = await db.enterprises.build(GetItemCommand).key({ id }).send();
  return Item;
}

/** How many enterprises are on the ledger under an area: a COUNT query, no items read back. */
export async function countEnterprisesUnder(db: Entities, area: string): Promise<number> {
  let count = 0;
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.table
      .build(QueryCommand)
      .query({ index: 'gsi1', partition: `ENTS#${districtOf(area)}`, range: { beginsWith: subtreePrefix(area) } })
      .options({ select: 'COUNT', exclusiveStartKey })
      .send();
    count += page.Count ?? 0;
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return count;
}
