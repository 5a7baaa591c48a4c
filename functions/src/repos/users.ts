import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { districtOf, type User } from '@safegrid/shared';
import type { Entities } from './entities';
import { subtreePrefix } from './table';

export async function getUser(db: Entities, id: string): Promise<User | undefined> {
  const { Item } = await db.users.build(GetItemCommand).key({ id }).send();
  if (!Item) return undefined;
  const { requestHash: _hash, ...user } = Item;
  return user;
}

export async function userIdByOpenid(db: Entities, openid: string): Promise<string | undefined> {
  const { Item } = await db.openids.build(GetItemCommand).key({ openid }).send();
  return Item?.userId;
}

/** One page of the users listed under an area subtree; the cursor is opaque to the client. */
export async function listUsersUnder(db: Entities, area: string, limit: number, cursor?: string) {
  const key = { index: 'gsi1', partition: `USERS#${districtOf(area)}`, range: { beginsWith: subtreePrefix(area) } } as const;
  const page = await db.table
    .build(QueryCommand)
    .entities(db.users)
    .query(key)
    .options({ limit, exclusiveStartKey: db.cursors.open(cursor, key) })
    .send();
  return {
    users: (page.Items ?? []).map(({ requestHash: _h, ...u }) => u as User),
    cursor: db.cursors.seal(page.LastEvaluatedKey, key),
  };
}
