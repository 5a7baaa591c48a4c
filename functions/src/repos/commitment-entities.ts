import { Entity } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { COMMITMENT_COLOURS, INDUSTRIES, districtOf } from '@safegrid/shared';
import { type SafegridTable, underArea } from './table';

const templateAttributes = {
  district: string(),
  colour: string().enum(...COMMITMENT_COLOURS),
  title: string(),
  industries: list(string().enum(...INDUSTRIES)),
  notice: any(),
  selfCheck: any(),
  commitment: any(),
  version: number(),
  publishedAt: string(),
  publishedBy: string(),
};

/** Every published version of a template, kept for the letters signed on it. */
export const makeTemplateVersionEntity = (table: SafegridTable) =>
  new Entity({
    name: 'CommitmentTemplateVersion',
    table,
    timestamps: false,
    schema: item({ id: string().key(), ...templateAttributes, version: number().key() }),
    computeKey: ({ id, version }) => ({ pk: `CTPL#${id}`, sk: `V#${String(version).padStart(4, '0')}` }),
  });

/** The current version of each template of a district: one Query lists them. */
export const makeCurrentTemplateEntity = (table: SafegridTable) =>
  new Entity({
    name: 'CommitmentTemplate',
    table,
    timestamps: false,
    schema: item({ id: string().key(), districtKey: string().key(), ...templateAttributes }),
    computeKey: ({ id, districtKey }) => ({ pk: `CTPLS#${districtKey}`, sk: id }),
  });

/**
 * A signed letter: written once (conditioned on its key being new), never updated. It holds
 * exactly what was signed, the signature image and the SHA-256 over the canonical form of both.
 * gsi1 lists the signed of a district's year under an area.
 */
export const makeSignedCommitmentEntity = (table: SafegridTable) =>
  new Entity({
    name: 'SignedCommitment',
    table,
    timestamps: false,
    schema: item({
      enterpriseId: string().key(),
      key: string().key(),
      area: string(),
      industry: string().enum(...INDUSTRIES),
      year: number(),
      content: any(),
      hash: string(),
      hazardIds: list(string()),
      requestHash: string(),
    }).and((prev) => ({
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ area, year }) => `COMMITS#${districtOf(area)}#${year}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ area, enterpriseId, key }) => underArea(area, `${enterpriseId}#${key}`)),
    })),
    computeKey: ({ enterpriseId, key }) => ({ pk: `COMMIT#${enterpriseId}`, sk: `SIGNED#${key}` }),
  });

/**
 * The last reminder sent to an enterprise to sign, one a day (the item's date is the condition).
 * `sentAt` is set once its messages went out, so the sender's retry after a failure sends them.
 */
export const makeReminderEntity = (table: SafegridTable) =>
  new Entity({
    name: 'CommitmentReminder',
    table,
    timestamps: false,
    schema: item({ enterpriseId: string().key(), date: string(), at: string(), byId: string(), sentAt: string().optional() }),
    computeKey: ({ enterpriseId }) => ({ pk: `COMMIT#${enterpriseId}`, sk: 'REMINDER' }),
  });

export function makeCommitmentEntities(table: SafegridTable) {
  return {
    templateVersions: makeTemplateVersionEntity(table),
    currentTemplates: makeCurrentTemplateEntity(table),
    signedCommitments: makeSignedCommitmentEntity(table),
    reminders: makeReminderEntity(table),
  };
}
