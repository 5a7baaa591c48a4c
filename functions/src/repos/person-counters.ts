import { Entity } from 'dynamodb-toolbox/entity';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { $add } from 'dynamodb-toolbox/entity/actions/update/symbols';
import { item } from 'dynamodb-toolbox/schema/item';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { RECHECK_DAYS_MAX, periodOf } from '@safegrid/shared';
import type { Entities } from './entities';
import type { SafegridTable } from './table';
import type { Write } from './transact';

/** `recheck_in_<d>`: rechecks made d whole days after the evidence (the last bucket: this many or more). */
export const RECHECK_BUCKETS = Array.from({ length: RECHECK_DAYS_MAX + 1 }, (_, d) => `recheck_in_${d}` as const);
export const PERSON_COUNTERS = ['file_updates', ...RECHECK_BUCKETS] as const;
export type PersonCounter = (typeof PERSON_COUNTERS)[number];

/**
 * What one person did in a month that no index of theirs can answer (the assessment):
 * rechecks by days after the evidence, and files updated or verified. Added to in the transaction
 * of the recheck or the file update; the assessment reads a person's months in one Query.
 */
export const makePersonCounterEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'PersonCounter',
    table,
    schema: item({
      userId: string().key(),
      period: string().key(),
      ...(Object.fromEntries(PERSON_COUNTERS.map((k) => [k, number().optional()])) as Record<PersonCounter, ReturnType<ReturnType<typeof number>['optional']>>),
    }),
    computeKey: ({ userId, period }) => ({ pk: `PCNT#${userId}`, sk: period }),
  });

/** The write that adds to a person's counters of the month `at` falls in (Asia/Shanghai). */
export function personCounterWrite(db: Entities, userId: string, at: string, add: Partial<Record<PersonCounter, number>>): Write {
  return db.personCounters
    .build(UpdateTransaction)
    .item({ userId, period: periodOf(at), ...Object.fromEntries(Object.entries(add).map(([k, n]) => [k, $add(n)])) } as never) as never;
}
