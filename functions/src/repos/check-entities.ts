import { Entity } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { CHECK_KINDS, districtOf, periodOf } from '@safegrid/shared';
import { type SafegridTable, underArea } from './table';

/** A checklist template: every version kept (`CKTPL#<district>#<id>` / `V…`), the current ones listed per district. */
export const makeCheckTemplateEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'CheckTemplate',
    table,
    schema: item({
      district: string().key(),
      id: string().key(),
      /** `CURRENT` or `V000003`. */
      slot: string().key(),
      version: number(),
      template: any(),
      publishedBy: string(),
    }),
    computeKey: ({ district, id, slot }) => (slot === 'CURRENT' ? { pk: `CKTPLS#${district}`, sk: id } : { pk: `CKTPL#${district}#${id}`, sk: slot }),
  });

/**
 * A submitted check: immutable, keyed by the phone's ULID (a retry finds it). It holds the exact
 * template version it was made on. Lists: an enterprise's checks (gsi1), an inspector's (gsi2),
 * and the check ledger: a district's checks of a month under an area (gsi3, `CHECKS#<district>#<YYYY-MM>`
 * / `<area>/#<submittedAt>#<id>`, the month in Asia/Shanghai).
 */
export const makeCheckEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'Check',
    table,
    schema: item({
      id: string().key(),
      enterpriseId: string(),
      area: string(),
      kind: string().enum(...CHECK_KINDS),
      template: any(),
      inspectorId: string(),
      checkIn: map({ lng: number(), lat: number(), at: string(), distanceM: number(), reason: string().optional() }),
      answers: any(),
      summary: string().optional(),
      signatureKey: string(),
      signerName: string(),
      hazardIds: list(string()),
      failedCount: number(),
      submittedAt: string(),
      requestHash: string(),
    }).and((prev) => ({
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ enterpriseId }) => `CHECKENT#${enterpriseId}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ submittedAt, id }) => `${submittedAt}#${id}`),
      gsi2pk: string()
        .hidden()
        .link<typeof prev>(({ inspectorId }) => `CHECKBY#${inspectorId}`),
      gsi2sk: string()
        .hidden()
        .link<typeof prev>(({ submittedAt, id }) => `${submittedAt}#${id}`),
      gsi3pk: string()
        .hidden()
        .link<typeof prev>(({ area, submittedAt }) => `CHECKS#${districtOf(area)}#${periodOf(submittedAt)}`),
      gsi3sk: string()
        .hidden()
        .link<typeof prev>(({ area, submittedAt, id }) => underArea(area, `${submittedAt}#${id}`)),
    })),
    computeKey: ({ id }) => ({ pk: `CHECK#${id}`, sk: 'CHECK' }),
  });

/**
 * Where an enterprise stands on checks: when it was last checked, and its guarantee leader's
 * checks this month. One small item per checked enterprise, kept apart from the file (which its
 * editors rewrite whole), written in each check's transaction under its own version. Coverage
 * reads them under an area in one Query (gsi1), never the checks themselves.
 */
export const makeCheckStandingEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'CheckStanding',
    table,
    schema: item({
      enterpriseId: string().key(),
      area: string(),
      lastCheckedAt: string(),
      lastCheckId: string(),
      guaranteeMonth: string().optional(),
      guaranteeChecks: number().optional(),
      version: number(),
    }).and((prev) => ({
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ area }) => `CHECKED#${districtOf(area)}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ area, enterpriseId }) => underArea(area, enterpriseId)),
    })),
    computeKey: ({ enterpriseId }) => ({ pk: `ENT#${enterpriseId}`, sk: 'CHECKS' }),
  });

export function makeCheckEntities(table: SafegridTable) {
  return {
    checkTemplates: makeCheckTemplateEntity(table),
    checks: makeCheckEntity(table),
    checkStandings: makeCheckStandingEntity(table),
  };
}
