/**
 * The numbers every home shows on its entries (角标), for the caller's roles, in one request: each
 * a COUNT Query on a key the lists already keep (the work queues' state index, the overdue index,
 * an enterprise's hazards by state, a reporter's own, the reward review queue), never a Scan and
 * never the items themselves. With them, the subscribe-message templates the app may ask for.
 */
import type { Entity } from 'dynamodb-toolbox/entity';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import {
  type Actor,
  type CommitmentTemplate,
  type CountKey,
  type HazardState,
  OPEN_STATES,
  type RewardState,
  commitmentYear,
  districtOf,
  hasRole,
  obligationKey,
  outermostAreasOf,
  templateFor,
} from '@safegrid/shared';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import type { Deps } from '../deps';
import type { Entities } from '../repos/entities';
import { getEnterprise } from '../repos/enterprises';
import { queryAll } from '../repos/query-all';
import { subscriptionsOf } from '../repos/subscriptions';
import type { INDEXES } from '../repos/table';
import { subtreePrefix } from '../repos/table';
import { noticeStates } from './notices';

type Key = { index?: (typeof INDEXES)[number]; partition: string; range?: { beginsWith: string } };

/** How many items of one entity a key holds (and pass `filter`): Select COUNT, every page followed. */
async function countOf(db: Entities, entity: Entity, key: Key, filter?: unknown): Promise<number> {
  let count = 0;
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.table
      .build(QueryCommand)
      .entities(entity)
      .query(key)
      .options({ select: 'COUNT', exclusiveStartKey, ...(filter ? { filters: { [entity.entityName]: filter } } : {}) } as never)
      .send();
    count += page.Count ?? 0;
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return count;
}

const hazardsIn = (db: Entities, area: string, state: HazardState) =>
  countOf(db, db.hazards, { index: 'gsi2', partition: `HAZST#${districtOf(area)}#${state}`, range: { beginsWith: subtreePrefix(area) } });
const overdueIn = (db: Entities, area: string) => countOf(db, db.hazards, { index: 'gsi6', partition: `HAZOVERDUE#${districtOf(area)}`, range: { beginsWith: subtreePrefix(area) } });
const ofEnterprise = (db: Entities, enterpriseId: string, state: HazardState) =>
  countOf(db, db.hazards, { index: 'gsi4', partition: `HAZENT#${enterpriseId}`, range: { beginsWith: `${state}#` } });
const rewardsIn = (db: Entities, area: string, state: RewardState) =>
  countOf(db, db.rewards, { index: 'gsi2', partition: `RWST#${districtOf(area)}#${state}`, range: { beginsWith: subtreePrefix(area) } });

/**
 * Whether an enterprise still owes this year's letter: its district's current templates (a few
 * items, projected to what says which applies) and one projected read of the signature it would
 * be. Here rather than in commitments.ts, so the function every home calls bundles no PDF code.
 */
async function owesLetter(d: Deps, enterpriseId: string): Promise<boolean> {
  const e = await getEnterprise(d.db, enterpriseId);
  if (!e) return false;
  const templates = (await queryAll(d.db.table, d.db.currentTemplates, { partition: `CTPLS#${districtOf(e.area)}` }, { attributes: ['id', 'version', 'industries'] })) as unknown as CommitmentTemplate[];
  const template = templateFor(templates, e.industry);
  if (!template) return false;
  const key = obligationKey(commitmentYear(d.clock.now()), template.id, template.version);
  const { Item } = await d.db.signedCommitments.build(GetItemCommand).key({ enterpriseId: e.id, key }).options({ attributes: ['key'] }).send();
  return !Item;
}

export async function myCounts(d: Deps, actor: Actor) {
  const { db } = d;
  const counts: Partial<Record<CountKey, number>> = {};
  const jobs: Promise<void>[] = [];
  const add = (key: CountKey, n: Promise<number | boolean>) => {
    counts[key] ??= 0;
    jobs.push(n.then((v) => void (counts[key]! += Number(v))));
  };
  // 待办 of those who triage and recheck; what is overdue for everyone who follows an area.
  for (const area of outermostAreasOf(actor, 'gridworker', 'supervisor')) {
    add('triage', hazardsIn(db, area, 'reported'));
    add('recheck', hazardsIn(db, area, 'rechecking'));
  }
  for (const area of outermostAreasOf(actor, 'gridworker', 'supervisor', 'department', 'guarantee_leader')) add('overdue', overdueIn(db, area));
  for (const area of outermostAreasOf(actor, 'enforcement')) add('clues', hazardsIn(db, area, 'enforcing'));
  for (const area of outermostAreasOf(actor, 'supervisor')) {
    add('rewardsToReview', rewardsIn(db, area, 'proposed'));
    add('rewardsToReview', rewardsIn(db, area, 'awaiting_second'));
  }
  // An owner's: hazards to plan and to rectify, this year's letter not yet signed.
  for (const enterpriseId of new Set(actor.grants.filter((g) => g.role === 'enterprise_owner' && g.enterpriseId).map((g) => g.enterpriseId!))) {
    add('plan', ofEnterprise(db, enterpriseId, 'planning'));
    add('rectify', ofEnterprise(db, enterpriseId, 'rectifying'));
    add('unsignedLetters', owesLetter(d, enterpriseId));
  }
  // A reporter's: their reports still being handled, their rewards waiting for them to confirm receipt.
  if (hasRole(actor, 'public', 'worker')) {
    add('myOpenReports', countOf(db, db.hazards, { index: 'gsi3', partition: `HAZREP#${actor.userId}` }, { attr: 'state', in: [...OPEN_STATES] }));
    add('rewardsToConfirm', countOf(db, db.rewards, { index: 'gsi3', partition: `RWREP#${actor.userId}` }, { attr: 'state', eq: 'paying' }));
  }
  const [left] = await Promise.all([subscriptionsOf(db, actor.userId), ...jobs]);
  return { counts, notices: noticeStates(d, left) };
}
