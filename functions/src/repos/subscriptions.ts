import { Entity } from 'dynamodb-toolbox/entity';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { $add } from 'dynamodb-toolbox/entity/actions/update/symbols';
import { item } from 'dynamodb-toolbox/schema/item';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { NOTICE_KINDS, type NoticeKind } from '@safegrid/shared';
import type { Entities } from './entities';
import type { SafegridTable } from './table';
import { type Write, cancellationReasons, transact } from './transact';

/**
 * What one person accepted of one kind of subscribe message: `SUBS#<user>` / `<kind>`. `left` is
 * how many messages they may still be sent (a one-time acceptance adds one, a message takes one);
 * for a long-term kind it is only "accepted or not". `lastAccept` is the phone's id of the answer
 * that last added one (a retried report of the same answer counts once), `lastUse` the event that
 * last took one (a retried send takes none more).
 */
export const makeSubscriptionEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'Subscription',
    table,
    schema: item({
      userId: string().key(),
      kind: string().enum(...NOTICE_KINDS).key(),
      left: number(),
      lastAccept: string().optional(),
      lastUse: string().optional(),
      updatedAt: string(),
    }),
    computeKey: ({ userId, kind }) => ({ pk: `SUBS#${userId}`, sk: kind }),
  });

/** Every kind the person ever answered for, with what is left. */
export async function subscriptionsOf(db: Entities, userId: string): Promise<Map<NoticeKind, number>> {
  // Consistent: the answer to an acceptance reads what it just wrote.
  const page = await db.table.build(QueryCommand).entities(db.subscriptions).query({ partition: `SUBS#${userId}` }).options({ consistent: true }).send();
  return new Map((page.Items ?? []).map((i) => [i.kind as NoticeKind, Math.max(0, i.left ?? 0)]));
}

const isConditionFailed = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';
const notThisAnswer = (id: string) => ({ or: [{ attr: 'lastAccept', exists: false }, { attr: 'lastAccept', ne: id }] });

/**
 * One answer of the phone, in one transaction: each accepted kind +1 (one-time) or on (long-term);
 * each refused long-term kind off (a one-time acceptance already given stays: WeChat keeps it too).
 * False when this answer was already recorded (a retry): nothing changes.
 */
export async function recordAnswer(
  db: Entities,
  userId: string,
  answer: { id: string; accepted: NoticeKind[]; refusedLongTerm: NoticeKind[]; longTerm: NoticeKind[]; at: string },
): Promise<boolean> {
  const writes: Write[] = [
    ...answer.accepted.map(
      (kind) =>
        db.subscriptions
          .build(UpdateTransaction)
          .item({ userId, kind, left: answer.longTerm.includes(kind) ? 1 : $add(1), lastAccept: answer.id, updatedAt: answer.at } as never)
          .options({ condition: notThisAnswer(answer.id) } as never) as never,
    ),
    ...answer.refusedLongTerm.map(
      (kind) =>
        db.subscriptions
          .build(UpdateTransaction)
          .item({ userId, kind, left: 0, lastAccept: answer.id, updatedAt: answer.at } as never)
          .options({ condition: notThisAnswer(answer.id) } as never) as never,
    ),
  ];
  if (writes.length === 0) return false;
  try {
    await transact(writes);
    return true;
  } catch (error) {
    if (cancellationReasons(error)?.includes('ConditionalCheckFailed')) return false;
    throw error;
  }
}

/** The attribute of an item DynamoDB returned with a failed condition (marshalled or not). */
function oldValue(error: unknown, name: string): string | undefined {
  const old = (error as { Item?: Record<string, unknown> }).Item?.[name];
  if (typeof old === 'string') return old;
  return (old as { S?: string } | undefined)?.S;
}

/**
 * Takes one message of a one-time subscription for the event `useId`, atomically: the decrement is
 * conditioned on one being left, so two sends can never take the same one. The same event again (a
 * retried request) takes none more: 'taken before', its message already went out (a failed send
 * gives its message back, see below). A reply lost on the way back is asked again and found to be
 * this event's. A long-term subscription is only read. 'taken' when the message may be sent now.
 */
export async function takeSubscription(db: Entities, userId: string, kind: NoticeKind, useId: string, longTerm: boolean, at: string): Promise<'taken' | 'taken before' | 'none'> {
  if (longTerm) {
    const { Item } = await db.subscriptions.build(GetItemCommand).key({ userId, kind }).options({ attributes: ['left'] }).send();
    return (Item?.left ?? 0) >= 1 ? 'taken' : 'none';
  }
  const take = () =>
    db.subscriptions
      .build(UpdateItemCommand)
      .item(takeItem(userId, kind, useId, at) as never)
      .options({ condition: takeCondition(useId), returnValuesOnConditionFalse: 'ALL_OLD' } as never)
      .send();
  for (let attempt = 1; ; attempt++) {
    try {
      await take();
      return 'taken';
    } catch (error) {
      if (isConditionFailed(error)) {
        if (oldValue(error, 'lastUse') !== useId) return 'none';
        return attempt > 1 ? 'taken' : 'taken before';
      }
      // A lost reply may have applied the decrement: asking again is safe, it is conditioned on this event.
      if (attempt >= 2) throw error;
    }
  }
}

const takeItem = (userId: string, kind: NoticeKind, useId: string, at: string) => ({ userId, kind, left: $add(-1), lastUse: useId, updatedAt: at });
const takeCondition = (useId: string) => ({ and: [{ attr: 'left', gte: 1 }, { or: [{ attr: 'lastUse', exists: false }, { attr: 'lastUse', ne: useId }] }] });

/** The same take as one item of a transaction (a reminder is recorded together with the messages it takes). */
export function takeWrite(db: Entities, userId: string, kind: NoticeKind, useId: string, at: string): Write {
  return db.subscriptions.build(UpdateTransaction).item(takeItem(userId, kind, useId, at) as never).options({ condition: takeCondition(useId) } as never) as never;
}

/** Whether the event `useId` holds one of the person's messages of this kind (a one-time one it took, or a long-term one accepted). */
export async function heldFor(db: Entities, userId: string, kind: NoticeKind, useId: string, longTerm: boolean): Promise<boolean> {
  const { Item } = await db.subscriptions.build(GetItemCommand).key({ userId, kind }).options({ consistent: true }).send();
  return longTerm ? (Item?.left ?? 0) >= 1 : Item?.lastUse === useId;
}

/** Gives back the message `useId` took when WeChat then refused or failed to send it, so the person keeps it. */
export async function giveBackSubscription(db: Entities, userId: string, kind: NoticeKind, useId: string, at: string): Promise<void> {
  try {
    await db.subscriptions
      .build(UpdateItemCommand)
      .item({ userId, kind, left: $add(1), lastUse: `${useId}#returned`, updatedAt: at } as never)
      .options({ condition: { attr: 'lastUse', eq: useId } } as never)
      .send();
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}
