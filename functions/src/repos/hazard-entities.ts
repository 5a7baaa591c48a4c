import { Entity } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import {
  ESCALATION_KINDS,
  ENTERPRISE_COUNTERS,
  FLOW_COUNTERS,
  HAZARD_CATEGORIES,
  HAZARD_LEVELS,
  HAZARD_SOURCES,
  HAZARD_STATES,
  RECORD_FLOW_COUNTERS,
  STOCK_COUNTERS,
  districtOf,
} from '@safegrid/shared';
import { type SafegridTable, underArea } from './table';

/**
 * Hazards: by id (pk), and four lists, each a Query:
 * gsi1 everything under an area; gsi2 under an area in one state (work queues);
 * gsi3 a reporter's own, newest first; gsi4 an enterprise's, by state;
 * gsi5 (sparse) when the running deadline runs out, for the overdue sweep; gsi6 (sparse) the overdue ones
 * under an area, for the daily assignment.
 */
const hazardSchema = item({
  id: string().key(),
  state: string().enum(...HAZARD_STATES),
  area: string(),
  source: string().enum(...HAZARD_SOURCES),
  reporterId: string(),
  anonymous: boolean(),
  category: string().enum(...HAZARD_CATEGORIES),
  description: string(),
  photos: list(string()),
  /** Photos WeChat's content check flagged: never shown. */
  blockedPhotos: list(string()).optional(),
  lng: number(),
  lat: number(),
  address: string().optional(),
  enterpriseId: string().optional(),
  level: string().enum(...HAZARD_LEVELS).optional(),
  deadline: string().optional(),
  escalation: number(),
  /** When the last escalation step was taken; the next waits its interval from it (nextEscalationAt). */
  escalatedAt: string().optional(),
  overdue: boolean().optional(),
  /** When the running deadline runs out; absent outside the deadline states. The overdue sweep queries it. */
  runsOutAt: string().optional(),
  plan: map({ measures: string(), costFen: number(), personInCharge: string(), deadline: string(), interimMeasures: string() }).optional(),
  duplicateOf: string().optional(),
  /** The day it was rejected (Asia/Shanghai): its reporter may appeal for APPEAL_DAYS after, once (appealed). */
  rejectedOn: string().optional(),
  appealed: boolean().optional(),
  letters: list(map({ id: string(), kind: string().enum(...ESCALATION_KINDS), number: string(), issuedAt: string() })),
  /** Set by the site-check that raised it. */
  checkId: string().optional(),
  createdAt: string(),
  updatedAt: string(),
  version: number(),
  requestHash: string(),
});
export const makeHazardEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'Hazard',
    table,
    schema: hazardSchema.and((prev) => ({
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ area }) => `HAZ#${districtOf(area)}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ area, id }) => underArea(area, id)),
      gsi2pk: string()
        .hidden()
        .link<typeof prev>(({ area, state }) => `HAZST#${districtOf(area)}#${state}`),
      gsi2sk: string()
        .hidden()
        .link<typeof prev>(({ area, id }) => underArea(area, id)),
      gsi3pk: string()
        .hidden()
        .link<typeof prev>(({ reporterId }) => `HAZREP#${reporterId}`),
      gsi3sk: string()
        .hidden()
        .link<typeof prev>(({ createdAt, id }) => `${createdAt}#${id}`),
      gsi4pk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ enterpriseId }) => (enterpriseId ? `HAZENT#${enterpriseId}` : undefined)),
      gsi4sk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ enterpriseId, state, id }) => (enterpriseId ? `${state}#${id}` : undefined)),
      gsi5pk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ area, runsOutAt }) => (runsOutAt ? `HAZDUE#${districtOf(area)}` : undefined)),
      gsi5sk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ runsOutAt, id }) => (runsOutAt ? `${runsOutAt}#${id}` : undefined)),
      gsi6pk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ area, overdue }) => (overdue ? `HAZOVERDUE#${districtOf(area)}` : undefined)),
      gsi6sk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ area, id, overdue }) => (overdue ? underArea(area, id) : undefined)),
    })),
    computeKey: ({ id }) => ({ pk: `HAZ#${id}`, sk: 'HAZ' }),
  });

/** One event on a hazard's timeline; `seq` is the hazard version it produced, so two moves from one version cannot both land. */
export const makeHazardEventEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'HazardEvent',
    table,
    schema: item({
      hazardId: string().key(),
      seq: number().key(),
      at: string(),
      kind: string(),
      byId: string(),
      /** The hazard's area when it happened: counters of that month were added there. */
      area: string(),
      state: string().enum(...HAZARD_STATES),
      data: any().optional(),
      photos: list(string()),
      requestHash: string(),
    }),
    computeKey: ({ hazardId, seq }) => ({ pk: `HAZ#${hazardId}`, sk: `EV#${String(seq).padStart(6, '0')}` }),
  });

const counterAttributes = Object.fromEntries([...FLOW_COUNTERS, ...RECORD_FLOW_COUNTERS, ...STOCK_COUNTERS, ...ENTERPRISE_COUNTERS].map((k) => [k, number().optional()])) as Record<
  (typeof FLOW_COUNTERS)[number] | (typeof RECORD_FLOW_COUNTERS)[number] | (typeof STOCK_COUNTERS)[number] | (typeof ENTERPRISE_COUNTERS)[number],
  ReturnType<ReturnType<typeof number>['optional']>
>;

/** Per area: the month's flow (`period` = 2026-11) and the current stock (`period` = STOCK). Dashboards read these. */
export const makeCounterEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'Counter',
    table,
    schema: item({ area: string().key(), period: string().key(), ...counterAttributes }),
    computeKey: ({ area, period }) => ({ pk: `CNT#${area}`, sk: period }),
  });

/** Letters issued to an enterprise (风险提醒函, 工作督办函), numbered without gaps per district, kind and year. */
export const makeLetterEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'Letter',
    table,
    schema: item({
      id: string().key(),
      kind: string().enum('risk_letter', 'supervision_letter'),
      number: string(),
      hazardId: string(),
      enterpriseId: string(),
      area: string(),
      issuedAt: string(),
      deadline: string(),
      daysOverdue: number(),
      pdfKey: string().optional(),
    }),
    computeKey: ({ id }) => ({ pk: `LETTER#${id}`, sk: 'LETTER' }),
  });

export const makeLetterSeqEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'LetterSeq',
    table,
    schema: item({ series: string().key(), seq: number() }),
    computeKey: ({ series }) => ({ pk: `LETTERSEQ#${series}`, sk: 'SEQ' }),
  });

/** A photo WeChat's check flagged, in the hazard's own partition so the one Query that reads a hazard sees it. */
export const makeBlockedPhotoEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'BlockedPhoto',
    table,
    schema: item({ hazardId: string().key(), key: string().key(), at: string() }),
    computeKey: ({ hazardId, key }) => ({ pk: `HAZ#${hazardId}`, sk: `BLOCKED#${key}` }),
  });

/** A photo sent to WeChat's asynchronous media check, so its result finds the hazard. */
export const makeMediaCheckEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'MediaCheck',
    table,
    schema: item({ traceId: string().key(), hazardId: string(), key: string() }),
    computeKey: ({ traceId }) => ({ pk: `MEDIA#${traceId}`, sk: 'MEDIA' }),
  });

export function makeHazardEntities(table: SafegridTable) {
  return {
    hazards: makeHazardEntity(table),
    hazardEvents: makeHazardEventEntity(table),
    counters: makeCounterEntity(table),
    letters: makeLetterEntity(table),
    letterSeqs: makeLetterSeqEntity(table),
    mediaChecks: makeMediaCheckEntity(table),
    blockedPhotos: makeBlockedPhotoEntity(table),
  };
}
