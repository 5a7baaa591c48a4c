import { Entity } from 'dynamodb-toolbox/entity';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { AREA_LEVELS, ENTERPRISE_KINDS, ENTERPRISE_STATUSES, INDUSTRIES, RISK_CLASSES, ROLES, SPECIAL_TAGS, districtOf } from '@safegrid/shared';
import { type SafegridTable, underArea } from './table';

const contact = () => map({ name: string(), phone: string(), title: string().optional() });

/**
 * Areas: by path (pk), and children of a parent in code order (gsi1).
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
  /** Hash of the create request, so a retried create can tell "same" from "different". */
  requestHash: string().optional(),
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
});
export const makeEnterpriseEntity = (table: SafegridTable) =>
  new Entity({
    name: 'Enterprise',
    table,
    schema: enterpriseSchema.and((prev) => ({
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ area }) => `ENTS#${districtOf(area)}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ area, id }) => underArea(area, id)),
    })),
    computeKey: ({ id }) => ({ pk: `ENT#${id}`, sk: 'ENT' }),
  });

export function makeEntities(table: SafegridTable) {
  return {
    table,
    areas: makeAreaEntity(table),
    users: makeUserEntity(table),
    openids: makeOpenidEntity(table),
    enterprises: makeEnterpriseEntity(table),
  };
}
export type Entities = ReturnType<typeof makeEntities>;
