/**
 * The counters as they should be, recounted from the records (one full scan of the table): the
 * stock from where each hazard stands, the hazard flow from each timeline event in the month and
 * area it happened, and of the record counters: `checks` and `check_failed_items` from each Check
 * (its area, the month it was submitted), `commitments_signed` from each signed commitment letter
 * (its area, the month it was signed), the reward counters from each reward's audit events and
 * payouts (the reward's area, the month of the event), and the business counters of the STOCK
 * item from each file. Every record counts in its area and every ancestor area. Both sides are
 * compared without zeros.
 * For tests and `npm run counters:check`; the cost grows with the table, never call it from a route.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  ENTERPRISE_COUNTERS,
  FLOW_COUNTERS,
  RECORD_FLOW_COUNTERS,
  STOCK_COUNTERS,
  type HazardCore,
  type MoveName,
  enterpriseCounterKeys,
  flowKeys,
  periodOf,
  selfAndAncestors,
  stockKeys,
} from '@safegrid/shared';
import type { Deps } from '../deps';

/** The record counters the recount knows how to derive: every one there is. */
export const RECOUNTED_RECORD_COUNTERS = RECORD_FLOW_COUNTERS;

type Item = Record<string, any>;

/** The counters compared: the hazards' flow and stock, and the record counters recounted. */
const COMPARED = new Set<string>([...FLOW_COUNTERS, ...STOCK_COUNTERS, ...RECOUNTED_RECORD_COUNTERS, ...ENTERPRISE_COUNTERS]);

/** Every item of the table, unmarshalled. */
export async function scanAll(d: Deps): Promise<Item[]> {
  const client = d.db.table.getDocumentClient();
  const items: Item[] = [];
  let ExclusiveStartKey: Record<string, any> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: d.config.tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** `<area>|<period>|<counter>` → value, for the items given (a scan of the table). */
export function recountItems(items: Item[]) {
  const stored: Record<string, number> = {};
  const recount: Record<string, number> = {};
  const add = (area: string, period: string, key: string, n = 1) => {
    if (!n) return;
    for (const a of selfAndAncestors(area)) recount[`${a}|${period}|${key}`] = (recount[`${a}|${period}|${key}`] ?? 0) + n;
  };
  const hazards = new Map<string, Item>();
  const rewards = new Map<string, Item>();
  for (const i of items) if (i._et === 'Hazard') hazards.set(i.id, i);
  for (const i of items) if (i._et === 'Reward') rewards.set(i.id, i);
  for (const h of hazards.values()) for (const k of stockKeys(h as HazardCore)) add(h.area, 'STOCK', k);
  for (const i of items) {
    if (i._et === 'HazardEvent') {
      const h = hazards.get(i.hazardId);
      // An event without its hazard shows as a difference of its own.
      if (!h) {
        recount[`${i.area}|${periodOf(i.at)}|event without hazard ${i.hazardId}`] = 1;
        continue;
      }
      // flowKeys reads the state and level after the event: the state is on the event; the level was set by then and never changes.
      for (const k of flowKeys(i.kind as MoveName | 'report' | 'relocate', { ...(h as HazardCore), state: i.state }, i.data)) add(i.area, periodOf(i.at), k);
    } else if (i._et === 'Check') {
      add(i.area, periodOf(i.submittedAt), 'checks');
      add(i.area, periodOf(i.submittedAt), 'check_failed_items', i.failedCount ?? 0);
    } else if (i._et === 'SignedCommitment') {
      add(i.area, periodOf(i.content.signedAt), 'commitments_signed');
    } else if (i._et === 'Enterprise') {
      for (const k of enterpriseCounterKeys(i as never)) add(i.area, 'STOCK', k);
    } else if (i._et === 'RewardEvent') {
      const r = rewards.get(i.rewardId);
      if (!r) {
        recount[`?|${periodOf(i.at)}|reward event without reward ${i.rewardId}`] = 1;
        continue;
      }
      if (i.kind === 'propose' && i.to === 'proposed') add(r.area, periodOf(i.at), 'rewards_proposed');
      else if (i.to === 'approved') add(r.area, periodOf(i.at), 'rewards_approved');
    } else if (i._et === 'Payout') {
      // A reversal is stored with the negative amount; its counter holds the amount given back.
      if (i.kind === 'payout') {
        add(i.area, i.period, 'rewards_paid');
        add(i.area, i.period, 'reward_fen_paid', i.amountFen);
      } else {
        add(i.area, i.period, 'rewards_reversed');
        add(i.area, i.period, 'reward_fen_reversed', -i.amountFen);
      }
    }
  }
  for (const k of Object.keys(recount)) if (recount[k] === 0) delete recount[k];
  for (const c of items) {
    if (c._et !== 'Counter') continue;
    for (const [k, v] of Object.entries(c)) {
      if (typeof v !== 'number' || v === 0 || !COMPARED.has(k)) continue;
      stored[`${c.area}|${c.period}|${k}`] = v;
    }
  }
  return { stored, recount };
}

/** Every key where the stored counters and the recount differ. */
export function differencesOf(stored: Record<string, number>, recount: Record<string, number>) {
  const keys = [...new Set([...Object.keys(stored), ...Object.keys(recount)])].sort();
  return keys.filter((k) => stored[k] !== recount[k]).map((k) => ({ key: k, stored: stored[k] ?? 0, recount: recount[k] ?? 0 }));
}

/** Scans the table, recounts, and compares. */
export async function recountCounters(d: Deps) {
  const { stored, recount } = recountItems(await scanAll(d));
  return { stored, recount, differences: differencesOf(stored, recount) };
}
