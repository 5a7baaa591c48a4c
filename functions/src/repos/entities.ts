import { Entity } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { AREA_LEVELS, ENTERPRISE_KINDS, ENTERPRISE_STATUSES, INDUSTRIES, PHOTO_KINDS, RISK_CLASSES, ROLES, SPECIAL_TAGS, districtOf } from '@safegrid/shared';
import type { BBox, Boundary } from '@safegrid/shared';
import { makeBulletinEntities } from './bulletin-entities';
import { makeCheckEntities } from './check-entities';
import { makeCommitmentEntities } from './commitment-entities';
import { makeHazardEntities } from './hazard-entities';
import { makeInvitationCodeEntity, makeInvitationEntity } from './invitations';
import { makePersonCounterEntity } from './person-counters';
import { makeRateCounterEntity } from './rate-limits';
import { makeRewardEntities } from './reward-entities';
import { makeSubscriptionEntity } from './subscriptions';
import { Cursors } from './cursor';
import { type SafegridTable, underArea } from './table';

const contact = () => map({ name: string(), phone: string(), title: string().optional() });

/**
 * Areas: by path (pk), children of a parent in code order (gsi1), all of a district (gsi2).
 */
const areaSchema = item({
  path: string().key(),
  code: string(),
  name: string(),
  level: string().enum(...AREA_LEVELS),
  parent: string().optional(),
  gridworkerId: string().optional(),
  lng: number().optional(),
  lat: number().optional(),
  // GeoJSON (GCJ-02) as DynamoDB lists; checked by the shared schema before it is written.
  boundary: any().castAs<Boundary>().optional(),
  bbox: any().castAs<BBox>().optional(),
  deactivatedAt: string().optional(),
});
export const makeAreaEntity = (table: SafegridTable) =>
  new Entity({
    name: 'Area',
    table,
    schema: areaSchema.and((prev) => ({
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ parent }) => `CHILDREN#${parent ?? 'ROOT'}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ code }) => code),
      // Every area of a district in one Query: locating a point needs them all.
      gsi2pk: string()
        .hidden()
        .link<typeof prev>(({ path }) => `AREAS#${districtOf(path)}`),
      gsi2sk: string()
        .hidden()
        .link<typeof prev>(({ path }) => path),
    })),
    computeKey: ({ path }) => ({ pk: `AREA#${path}`, sk: 'AREA' }),
  });

/**
 * Users: by id (pk), and everyone listed under an area subtree (gsi1, begins_with on the path).
 */
const userSchema = item({
  id: string().key(),
  name: string(),
  phone: string().optional(),
  openid: string().optional(),
  grants: list(
    map({
      role: string().enum(...ROLES),
      area: string().optional(),
      enterpriseId: string().optional(),
    }),
  ),
  gridworkerLevel: number().enum(1, 2, 3).optional(),
  homeArea: string(),
  deactivatedAt: string().optional(),
  /** A retired account whose WeChat identity moved to this one (a rebind invitation). */
  mergedInto: string().optional(),
});
export const makeUserEntity = (table: SafegridTable) =>
  new Entity({
    name: 'User',
    table,
    schema: userSchema.and((prev) => ({
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ homeArea }) => `USERS#${districtOf(homeArea)}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ homeArea, id }) => underArea(homeArea, id)),
    })),
    computeKey: ({ id }) => ({ pk: `USER#${id}`, sk: 'USER' }),
  });

/** One WeChat openid → one user; written with attribute_not_exists so two sign-ins never make two users. */
export const makeOpenidEntity = (table: SafegridTable) =>
  new Entity({
    name: 'Openid',
    table,
    schema: item({ openid: string().key(), userId: string() }),
    computeKey: ({ openid }) => ({ pk: `OPENID#${openid}`, sk: 'OPENID' }),
  });

/**
 * Enterprises: by id (pk), and the ledger of an area subtree (gsi1, begins_with on the path).
 */
const enterpriseSchema = item({
  id: string().key(),
  uscc: string().optional(),
  name: string(),
  kind: string().enum(...ENTERPRISE_KINDS),
  address: string(),
  lng: number(),
  lat: number(),
  area: string(),
  industry: string().enum(...INDUSTRIES),
  riskClass: string().enum(...RISK_CLASSES),
  tags: list(string().enum(...SPECIAL_TAGS)),
  status: string().enum(...ENTERPRISE_STATUSES),
  legalRepresentative: string(),
  safetyManager: contact().optional(),
  contacts: list(contact()),
  employees: number(),
  guaranteeLeaderId: string().optional(),
  photos: list(map({ key: string(), kind: string().enum(...PHOTO_KINDS) })).optional(),
  version: number(),
  verifiedAt: string(),
});
export const makeEnterpriseEntity = (table: SafegridTable) =>
  new Entity({
    name: 'Enterprise',
    table,
    schema: enterpriseSchema.and((prev) => ({
      // Every ledger question is "under an area", so every index sorts by the area path.
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ area }) => `ENTS#${districtOf(area)}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ area, id }) => underArea(area, id)),
      gsi2pk: string()
        .hidden()
        .link<typeof prev>(({ area, industry }) => `ENTIND#${districtOf(area)}#${industry}`),
      gsi2sk: string()
        .hidden()
        .link<typeof prev>(({ area, id }) => underArea(area, id)),
      gsi3pk: string()
        .hidden()
        .link<typeof prev>(({ area, riskClass }) => `ENTRISK#${districtOf(area)}#${riskClass}`),
      gsi3sk: string()
        .hidden()
        .link<typeof prev>(({ area, id }) => underArea(area, id)),
      gsi4pk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ guaranteeLeaderId }) => (guaranteeLeaderId ? `ENTGL#${guaranteeLeaderId}` : undefined)),
      gsi4sk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ area, id, guaranteeLeaderId }) => (guaranteeLeaderId ? underArea(area, id) : undefined)),
      gsi5pk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ area, uscc }) => (uscc ? `ENTUSCC#${districtOf(area)}` : undefined)),
      gsi5sk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ uscc }) => uscc),
    })),
    computeKey: ({ id }) => ({ pk: `ENT#${id}`, sk: 'ENT' }),
  });

/**
 * The natural key of a file (its credit code, or its name and address when it has none), one
 * item per key written with attribute_not_exists: a business is on the ledger once, and an
 * import finds the file a row is about.
 */
export const makeEnterpriseKeyEntity = (table: SafegridTable) =>
  new Entity({
    name: 'EnterpriseKey',
    table,
    schema: item({ key: string().key(), enterpriseId: string() }),
    computeKey: ({ key }) => ({ pk: `ENTKEY#${key}`, sk: 'ENTKEY' }),
  });

/** A file's history: who changed which fields when, newest last in sort order. */
export const makeEnterpriseHistoryEntity = (table: SafegridTable) =>
  new Entity({
    name: 'EnterpriseHistory',
    table,
    schema: item({
      enterpriseId: string().key(),
      seq: string().key(),
      at: string(),
      byId: string(),
      byName: string(),
      kind: string().enum('create', 'update', 'verify', 'import'),
      changes: list(map({ field: string(), label: string(), from: string(), to: string() })),
    }),
    computeKey: ({ enterpriseId, seq }) => ({ pk: `ENT#${enterpriseId}`, sk: `HIST#${seq}` }),
  });

/** Red lines (十条红线): by id, and those of an area subtree (gsi1). */
const redLineSchema = item({
  id: string().key(),
  area: string(),
  title: string(),
  factors: list(string()),
  enterpriseIds: list(string()),
  ownerName: string(),
  ownerPhone: string().optional(),
  measures: list(string()),
  version: number(),
  requestHash: string().optional(),
});
export const makeRedLineEntity = (table: SafegridTable) =>
  new Entity({
    name: 'RedLine',
    table,
    schema: redLineSchema.and((prev) => ({
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ area }) => `REDLINES#${districtOf(area)}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ area, id }) => underArea(area, id)),
    })),
    computeKey: ({ id }) => ({ pk: `RL#${id}`, sk: 'RL' }),
  });

/** One thing a district sets for itself (`SETTINGS#<district>` / its name), written with the version it was read at. */
export const makeDistrictSettingEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'DistrictSetting',
    table,
    schema: item({
      district: string().key(),
      name: string().key(),
      value: any(),
      version: number(),
      updatedAt: string(),
      updatedBy: string(),
    }),
    computeKey: ({ district, name }) => ({ pk: `SETTINGS#${district}`, sk: name }),
  });

/** The table's entities, and the sealer of the paging cursors every list hands out (its secret is the deployment's). */
export function makeEntities(table: SafegridTable, cursorSecret: string) {
  return {
    table,
    cursors: new Cursors(cursorSecret),
    areas: makeAreaEntity(table),
    users: makeUserEntity(table),
    openids: makeOpenidEntity(table),
    invitations: makeInvitationEntity(table),
    invitationCodes: makeInvitationCodeEntity(table),
    enterprises: makeEnterpriseEntity(table),
    enterpriseKeys: makeEnterpriseKeyEntity(table),
    enterpriseHistory: makeEnterpriseHistoryEntity(table),
    redLines: makeRedLineEntity(table),
    districtSettings: makeDistrictSettingEntity(table),
    personCounters: makePersonCounterEntity(table),
    rateCounters: makeRateCounterEntity(table),
    subscriptions: makeSubscriptionEntity(table),
    ...makeHazardEntities(table),
    ...makeCommitmentEntities(table),
    ...makeRewardEntities(table),
    ...makeCheckEntities(table),
    ...makeBulletinEntities(table),
  };
}
export type Entities = ReturnType<typeof makeEntities>;
