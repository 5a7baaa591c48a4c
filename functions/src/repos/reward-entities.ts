import { Entity } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { HAZARD_LEVELS, HAZARD_SOURCES, PAY_CHANNELS, REWARD_STATES, districtOf } from '@safegrid/shared';
import { type SafegridTable, underArea } from './table';

/**
 * A hazard's reward: one per hazard, keyed by the hazard's id, so a second proposal cannot land.
 * Lists: gsi1 everything under an area; gsi2 under an area in one state (the review queue);
 * gsi3 a reporter's own, newest first.
 */
const rewardSchema = item({
  id: string().key(),
  area: string(),
  reporterId: string(),
  enterpriseId: string().optional(),
  /** The report's first words, so lists need not read the hazard. */
  description: string(),
  level: string().enum(...HAZARD_LEVELS),
  source: string().enum(...HAZARD_SOURCES),
  reportedAt: string(),
  state: string().enum(...REWARD_STATES),
  ruleVersion: number(),
  proposedFen: number(),
  amountFen: number().optional(),
  /** Why none (ineligible), why rejected, why reversed, or why an amount differs from the rule. */
  reason: string().optional(),
  approvals: list(map({ byId: string(), at: string(), amountFen: number(), reason: string().optional() })),
  channel: string().enum(...PAY_CHANNELS).optional(),
  /** WeChat transfer attempts; each has its own bill number, the idempotency key WeChat also keeps. */
  attempt: number(),
  outBillNo: string().optional(),
  voucherNo: string().optional(),
  paidAt: string().optional(),
  failReason: string().optional(),
  version: number(),
  createdAt: string(),
  updatedAt: string(),
});
export const makeRewardEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'Reward',
    table,
    schema: rewardSchema.and((prev) => ({
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ area }) => `RW#${districtOf(area)}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ area, id }) => underArea(area, id)),
      gsi2pk: string()
        .hidden()
        .link<typeof prev>(({ area, state }) => `RWST#${districtOf(area)}#${state}`),
      gsi2sk: string()
        .hidden()
        .link<typeof prev>(({ area, id }) => underArea(area, id)),
      gsi3pk: string()
        .hidden()
        .link<typeof prev>(({ reporterId }) => `RWREP#${reporterId}`),
      gsi3sk: string()
        .hidden()
        .link<typeof prev>(({ createdAt, id }) => `${createdAt}#${id}`),
    })),
    computeKey: ({ id }) => ({ pk: `RW#${id}`, sk: 'RW' }),
  });

/** The audit trail: every action on a reward, keyed by the version it produced (who, when, from, to). */
export const makeRewardEventEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'RewardEvent',
    table,
    schema: item({
      rewardId: string().key(),
      seq: number().key(),
      at: string(),
      kind: string(),
      byId: string(),
      from: string(),
      to: string(),
      data: any().optional(),
      requestHash: string(),
    }),
    computeKey: ({ rewardId, seq }) => ({ pk: `RW#${rewardId}`, sk: `EV#${String(seq).padStart(6, '0')}` }),
  });

/**
 * Money moved: the payout, and its reversal if ever. Each exists at most once per reward (the key
 * is the reward's and the kind), is written with the reward's state change in one transaction and
 * never updated. The payout ledger reads them by district and month (gsi1).
 */
export const makePayoutEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'Payout',
    table,
    schema: item({
      rewardId: string().key(),
      kind: string().enum('payout', 'reversal').key(),
      at: string(),
      period: string(),
      area: string(),
      reporterId: string(),
      /** Negative for a reversal. */
      amountFen: number(),
      channel: string().enum(...PAY_CHANNELS),
      voucherNo: string(),
      byId: string(),
      reason: string().optional(),
    }).and((prev) => ({
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ area, period }) => `PAYOUTS#${districtOf(area)}#${period}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ area, at, rewardId, kind }) => underArea(area, `${at}#${rewardId}#${kind}`)),
    })),
    computeKey: ({ rewardId, kind }) => ({ pk: `RW#${rewardId}`, sk: kind.toUpperCase() }),
  });

/** What a reporter has been granted in a year; the caps and the interval are checked against it. */
export const makeReporterLedgerEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'ReporterLedger',
    table,
    schema: item({
      reporterId: string().key(),
      year: string().key(),
      ledger: any(),
      version: number(),
    }),
    computeKey: ({ reporterId, year }) => ({ pk: `RWLEDGER#${reporterId}`, sk: year }),
  });

/** A district's reward rules: the current ones (`slot` CURRENT) and every version kept (`V000001`). */
export const makeRewardRulesEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'RewardRules',
    table,
    schema: item({
      district: string().key(),
      slot: string().key(),
      version: number(),
      rules: any(),
      updatedAt: string(),
      updatedBy: string(),
    }),
    computeKey: ({ district, slot }) => ({ pk: `RWRULES#${district}`, sk: slot }),
  });

export function makeRewardEntities(table: SafegridTable) {
  return {
    rewards: makeRewardEntity(table),
    rewardEvents: makeRewardEventEntity(table),
    payouts: makePayoutEntity(table),
    reporterLedgers: makeReporterLedgerEntity(table),
    rewardRules: makeRewardRulesEntity(table),
  };
}
