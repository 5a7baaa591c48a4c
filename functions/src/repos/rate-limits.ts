import { Entity } from 'dynamodb-toolbox/entity';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { $add } from 'dynamodb-toolbox/entity/actions/update/symbols';
import { item } from 'dynamodb-toolbox/schema/item';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { SHANGHAI_OFFSET_MS } from '@safegrid/shared';
import type { Entities } from './entities';
import { type SafegridTable, TTL_ATTRIBUTE } from './table';
import type { Write } from './transact';

/**
 * How many times one user did one kind of thing in one fixed window: `LIMIT#<user>` /
 * `<action>#<window start>`. The item expires (TTL) when its window ends, so counters never pile up.
 */
export const makeRateCounterEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'RateCounter',
    table,
    schema: item({
      userId: string().key(),
      window: string().key(),
      used: number(),
      [TTL_ATTRIBUTE]: number(),
    }),
    computeKey: ({ userId, window }) => ({ pk: `LIMIT#${userId}`, sk: window }),
  });

/** The fixed window `now` falls in, aligned to Asia/Shanghai (a day window starts at local midnight). */
export function windowAt(now: Date, seconds: number): { start: Date; end: Date } {
  const size = seconds * 1000;
  const start = Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / size) * size - SHANGHAI_OFFSET_MS;
  return { start: new Date(start), end: new Date(start + size) };
}

export interface Quota {
  userId: string;
  action: string;
  limit: number;
  window: { start: Date; end: Date };
}

const keyOf = (q: Quota) => ({ userId: q.userId, window: `${q.action}#${q.window.start.toISOString()}` });

/** Adds one use, only while fewer than `limit` are used: concurrent requests can never pass the limit together. */
function spendItem(q: Quota) {
  return {
    item: { ...keyOf(q), used: $add(1), [TTL_ATTRIBUTE]: Math.floor(q.window.end.getTime() / 1000) },
    condition: { or: [{ attr: 'used', exists: false }, { attr: 'used', lt: q.limit }] },
  };
}

/** The conditional add as one item of a transaction, so the use is counted if and only if the record is written. */
export function quotaWrite(db: Entities, q: Quota): Write {
  const { item: i, condition } = spendItem(q);
  return db.rateCounters.build(UpdateTransaction).item(i as never).options({ condition } as never) as never;
}

/** The conditional add on its own; false when the limit is already reached. */
export async function spendQuota(db: Entities, q: Quota): Promise<boolean> {
  const { item: i, condition } = spendItem(q);
  try {
    await db.rateCounters.build(UpdateItemCommand).item(i as never).options({ condition } as never).send();
    return true;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    return false;
  }
}

/** Gives one use back (a reminder that reached nobody), never below zero. */
export async function refundQuota(db: Entities, q: Quota): Promise<void> {
  try {
    await db.rateCounters.build(UpdateItemCommand).item({ ...keyOf(q), used: $add(-1) } as never).options({ condition: { attr: 'used', gte: 1 } } as never).send();
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/** Uses counted so far in the window (a read, for refusing early before costly checks). */
export async function quotaUsed(db: Entities, q: Quota): Promise<number> {
  const { Item } = await db.rateCounters.build(GetItemCommand).key(keyOf(q)).send();
  return Item?.used ?? 0;
}
