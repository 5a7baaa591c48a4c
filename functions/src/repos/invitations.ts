import { Entity, type FormattedItem } from 'dynamodb-toolbox/entity';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { item } from 'dynamodb-toolbox/schema/item';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { ROLES, districtOf } from '@safegrid/shared';
import type { Entities } from './entities';
import { type SafegridTable, underArea } from './table';

/**
 * Invitations: by id (pk); an area subtree's, newest last within an area (gsi1, begins_with on the
 * path, as every area list); pending ones by the invited phone (gsi2, for the phone-number button);
 * an enterprise's (gsi3, an owner's list of the workers they invited).
 */
const invitationSchema = item({
  id: string().key(),
  name: string(),
  phone: string(),
  grant: map({ role: string().enum(...ROLES), area: string().optional(), enterpriseId: string().optional() }),
  /** Where it is listed and scoped: the grant's area, or the enterprise's area. */
  area: string(),
  enterpriseId: string().optional(),
  forUserId: string().optional(),
  state: string().enum('pending', 'accepted', 'revoked'),
  /** sha256 of the current one-time code (what a typed code is looked up by)… */
  codeHash: string(),
  /** …and the code itself, sealed (lib/sealer.ts): shown only to those who manage the invitation, while it is pending. */
  codeSealed: string(),
  qrKey: string().optional(),
  expiresAt: string(),
  createdAt: string(),
  createdBy: string(),
  acceptedAt: string().optional(),
  acceptedBy: string().optional(),
  version: number(),
  requestHash: string(),
});

export const makeInvitationEntity = (table: SafegridTable) =>
  new Entity({
    name: 'Invitation',
    table,
    timestamps: false,
    schema: invitationSchema.and((prev) => ({
      gsi1pk: string()
        .hidden()
        .link<typeof prev>(({ area }) => `INVS#${districtOf(area)}`),
      gsi1sk: string()
        .hidden()
        .link<typeof prev>(({ area, id }) => underArea(area, id)),
      gsi2pk: string()
        .hidden()
        .link<typeof prev>(({ phone }) => `INVPHONE#${phone}`),
      gsi2sk: string()
        .hidden()
        .link<typeof prev>(({ id }) => id),
      gsi3pk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ enterpriseId }) => (enterpriseId ? `INVENT#${enterpriseId}` : undefined)),
      gsi3sk: string()
        .optional()
        .hidden()
        .link<typeof prev>(({ id, enterpriseId }) => (enterpriseId ? id : undefined)),
    })),
    computeKey: ({ id }) => ({ pk: `INV#${id}`, sk: 'INV' }),
  });

/** A code's hash → its invitation: written with attribute_not_exists, so no two invitations share a code; kept after use and re-issue, so an old code says why it no longer works. */
export const makeInvitationCodeEntity = (table: SafegridTable) =>
  new Entity({
    name: 'InvitationCode',
    table,
    timestamps: false,
    schema: item({ codeHash: string().key(), invitationId: string() }),
    computeKey: ({ codeHash }) => ({ pk: `INVCODE#${codeHash}`, sk: 'INVCODE' }),
  });

export type InvitationRecord = FormattedItem<Entities['invitations']>;

export async function getInvitation(db: Entities, id: string, consistent = false): Promise<InvitationRecord | undefined> {
  const { Item } = await db.invitations.build(GetItemCommand).key({ id }).options({ consistent }).send();
  return Item;
}

export async function invitationIdByCode(db: Entities, codeHash: string): Promise<string | undefined> {
  const { Item } = await db.invitationCodes.build(GetItemCommand).key({ codeHash }).send();
  return Item?.invitationId;
}
