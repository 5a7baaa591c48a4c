import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { districtOf, type User } from '@safegrid/shared';
import type { Entities } from './entities';
import { subtreePrefix } from './table';
import type { Write } from './transact';

/** A user as read, with when the record was last written (what a write replacing it whole is conditioned on). */
export type StoredUser = User & { modified: string };

export async function getUser(db: Entities, id: string): Promise<StoredUser | undefined> {
  const { Item } = await db.users.build(GetItemCommand).key({ id }).options({ consistent: true }).send();
  return Item;
}

/**
 * The whole record written again, so its index keys follow a new home area (an update of
 * `homeArea` alone leaves the listing keys where they were), and only if nobody wrote it since.
 */
export function replaceUser(db: Entities, before: StoredUser, after: User): Write {
  const { modified: _m, created: _c, ...rest } = after as StoredUser & { created?: string };
  return db.users.build(PutTransaction).item(rest).options({ condition: { attr: 'modified', eq: before.modified } }) as never;
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
    users: (page.Items ?? []) as User[],
    cursor: db.cursors.seal(page.LastEvaluatedKey, key),
  };
}
