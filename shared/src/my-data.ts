/**
 * 我的数据: what we hold about the caller (PIPL's right to see and copy their personal
 * information). Each list holds the newest MY_DATA_LIMIT; `more` says there is more than that.
 */
import * as z from 'zod';
import { CHECK_KINDS } from './checks';
import { HAZARD_CATEGORIES, HAZARD_STATES } from './hazards';
import { PAY_CHANNELS, REWARD_STATES } from './rewards';
import { GrantView, GridworkerLevelSchema } from './schemas';

export const MY_DATA_LIMIT = 100;

const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), more: z.boolean() });

export const MyDataResponse = z.object({
  generatedAt: z.string(),
  profile: z.object({
    id: z.string(),
    name: z.string(),
    /** In full: it is the caller's own. */
    phone: z.string().optional(),
    /** We hold the WeChat openid the account signs in with (never shown: it means nothing to a person). */
    wechatBound: z.boolean(),
    gridworkerLevel: GridworkerLevelSchema.optional(),
    grants: z.array(GrantView),
  }),
  /** Every report the caller made, anonymous ones too: anonymity hides them from the enterprise, not from themselves. */
  hazards: listOf(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      category: z.enum(HAZARD_CATEGORIES),
      description: z.string(),
      enterpriseName: z.string().optional(),
      state: z.enum(HAZARD_STATES),
      stateLabel: z.string(),
      anonymous: z.boolean(),
      photos: z.number().int(),
      /** Where the caller stood when reporting. */
      location: z.object({ lng: z.number(), lat: z.number(), address: z.string().optional() }),
    }),
  ),
  rewards: listOf(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      state: z.enum(REWARD_STATES),
      stateLabel: z.string(),
      amountFen: z.number().int().optional(),
      payouts: z.array(z.object({ kind: z.enum(['payout', 'reversal']), at: z.string(), amountFen: z.number().int(), channel: z.enum(PAY_CHANNELS) })),
    }),
  ),
  /** Letters of commitment the caller signed (as an enterprise's owner): the signature image is kept with the letter. */
  signatures: listOf(
    z.object({ enterpriseId: z.string(), enterpriseName: z.string(), title: z.string(), year: z.number().int(), signerName: z.string(), signedAt: z.string(), hash: z.string() }),
  ),
  /** Site checks the caller made and signed. */
  checks: listOf(z.object({ id: z.string(), enterpriseName: z.string().optional(), kind: z.enum(CHECK_KINDS), submittedAt: z.string(), signerName: z.string() })).extend({
    total: z.number().int(),
  }),
});
export type MyDataResponse = z.infer<typeof MyDataResponse>;
