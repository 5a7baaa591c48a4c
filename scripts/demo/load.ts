import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { BatchWriteCommand, execute } from 'dynamodb-toolbox/table/actions/batchWrite';
import { createHash } from 'node:crypto';
import { type Area, type Enterprise, type RedLine, type User, enterpriseCounterDeltas, mergeDeltas } from '@safegrid/shared';
import type { Entities } from '../../functions/src/repos/entities';
import { enterpriseKeyOf } from '../../functions/src/repos/enterprises';

/** A business as the census gives it: the ledger adds its version and last verification. */
export type CensusEnterprise = Omit<Enterprise, 'version' | 'verifiedAt'>;

export interface District {
  areas: Area[];
  users: User[];
  enterprises: CensusEnterprise[];
  redLines?: RedLine[];
}

/** Days since the demo file was last verified, 0–49, fixed per id: about two in five are due. */
function verifiedDaysAgo(id: string): number {
  return createHash('sha256').update(id).digest()[0]! % 50;
}

const BATCH = 25;
const PARALLEL = 4;

/**
 * Writes a district, into an empty table, with BatchWriteItem, 25 items a request, a few requests at a time.
 * Each user is also bound to the local WeChat stand-in's openid for them (`local-openid-<id>`),
 * so `demo:<id>` login codes sign in as the demo users.
 */
export async function loadDistrict(db: Entities, district: District, now = new Date()): Promise<number> {
  const enterprises: Enterprise[] = district.enterprises.map((e) => ({
    ...e,
    version: 1,
    verifiedAt: new Date(now.getTime() - verifiedDaysAgo(e.id) * 86_400_000).toISOString(),
  }));
  const requests = [
    ...district.areas.map((a) => db.areas.build(BatchPutRequest).item(a)),
    ...district.users.map((u) => db.users.build(BatchPutRequest).item({ ...u, openid: `local-openid-${u.id}` })),
    ...district.users.map((u) => db.openids.build(BatchPutRequest).item({ openid: `local-openid-${u.id}`, userId: u.id })),
    ...enterprises.map((e) => db.enterprises.build(BatchPutRequest).item(e)),
    ...enterprises.map((e) => db.enterpriseKeys.build(BatchPutRequest).item({ key: enterpriseKeyOf(e), enterpriseId: e.id })),
    ...(district.redLines ?? []).map((r) => db.redLines.build(BatchPutRequest).item(r)),
    // The businesses' counters, as the ledger's writes would have left them (the table is empty before).
    ...mergeDeltas(enterprises.flatMap((e) => enterpriseCounterDeltas(undefined, e))).map((c) => db.counters.build(BatchPutRequest).item({ area: c.area, period: c.period, ...c.add })),
  ];
  const batches: (typeof requests)[] = [];
  for (let i = 0; i < requests.length; i += BATCH) batches.push(requests.slice(i, i + BATCH));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const result = await execute({ maxAttempts: 10 }, db.table.build(BatchWriteCommand).requests(...(batch as [(typeof requests)[number]])));
      if (result.UnprocessedItems && Object.keys(result.UnprocessedItems).length > 0) {
        throw new Error('DynamoDB left items unprocessed after 10 attempts');
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return requests.length;
}
