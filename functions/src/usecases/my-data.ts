/**
 * 我的数据 (PIPL: the right to see and copy one's personal information): everything we hold about
 * the caller, read only through keys that are theirs — their user item, their reports (gsi3
 * `HAZREP#`), their rewards (gsi3 `RWREP#`) and payouts, the letters they signed for the
 * enterprises they own, their checks (gsi2 `CHECKBY#`). Nothing in the request names anyone, so
 * nobody else's records can be reached. The app saves the answer as a JSON file (portability).
 */
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { type Actor, DomainError, HAZARD_STATE_LABELS, MY_DATA_LIMIT, type MyDataResponse, REWARD_STATE_LABELS } from '@safegrid/shared';
import type { Deps } from '../deps';
import { hazardsReportedBy } from '../repos/hazards';
import { queryAll, queryPages } from '../repos/query-all';
import { getUser } from '../repos/users';
import { signedOf } from './commitments';
import { rewardsReportedBy } from './rewards';
import { NameCache, grantViews } from './views';

async function myRewards(d: Deps, userId: string) {
  const page = await rewardsReportedBy(d, userId, { limit: MY_DATA_LIMIT });
  const items = await Promise.all(
    page.items.map(async (r) => {
      // A reward's payout and reversal sit beside it (sk PAYOUT, REVERSAL); only paid ones have any.
      const payouts = r.paidAt ? await queryAll(d.db.table, d.db.payouts, { partition: `RW#${r.id}`, range: { between: ['PAYOUT', 'REVERSAL'] } }) : [];
      return {
        id: r.id,
        createdAt: r.createdAt,
        state: r.state,
        stateLabel: REWARD_STATE_LABELS[r.state],
        ...(r.amountFen !== undefined ? { amountFen: r.amountFen } : {}),
        payouts: payouts.map((p) => ({ kind: p.kind, at: p.at, amountFen: p.amountFen, channel: p.channel })),
      };
    }),
  );
  return { items, more: page.cursor !== undefined };
}

async function myChecks(d: Deps, userId: string, names: NameCache) {
  const key = { index: 'gsi2', partition: `CHECKBY#${userId}` } as const;
  const [page, all] = await Promise.all([
    d.db.table.build(QueryCommand).entities(d.db.checks).query(key).options({ limit: MY_DATA_LIMIT, reverse: true }).send(),
    queryPages(d.db.table, d.db.checks, key, { attributes: ['id'] }),
  ]);
  const items = await Promise.all(
    (page.Items ?? []).map(async (c) => {
      const enterpriseName = await names.enterprise(c.enterpriseId);
      return { id: c.id, ...(enterpriseName ? { enterpriseName } : {}), kind: c.kind, submittedAt: c.submittedAt, signerName: c.signerName };
    }),
  );
  return { items, more: page.LastEvaluatedKey !== undefined, total: all.items.length };
}

/** The letters of the caller's own enterprises that the caller signed (an owner has one or two enterprises, a few letters a year). */
async function mySignatures(d: Deps, actor: Actor) {
  const owned = [...new Set(actor.grants.flatMap((g) => (g.role === 'enterprise_owner' && g.enterpriseId ? [g.enterpriseId] : [])))];
  const letters = (await Promise.all(owned.map((id) => signedOf(d, id)))).flat().filter((r) => r.content.signerId === actor.userId);
  letters.sort((a, b) => b.content.signedAt.localeCompare(a.content.signedAt));
  return {
    items: letters.slice(0, MY_DATA_LIMIT).map((r) => ({
      enterpriseId: r.enterpriseId,
      enterpriseName: r.content.enterpriseName,
      title: r.content.title,
      year: r.year,
      signerName: r.content.signerName,
      signedAt: r.content.signedAt,
      hash: r.hash,
    })),
    more: letters.length > MY_DATA_LIMIT,
  };
}

export async function myData(d: Deps, actor: Actor): Promise<MyDataResponse> {
  const user = await getUser(d.db, actor.userId);
  if (!user) throw new DomainError('UNAUTHENTICATED', '账号不存在或已停用，请重新登录');
  const names = new NameCache(d.db);
  const [grants, reported, rewards, signatures, checks] = await Promise.all([
    grantViews(user, names),
    hazardsReportedBy(d.db, user.id, { limit: MY_DATA_LIMIT }),
    myRewards(d, user.id),
    mySignatures(d, actor),
    myChecks(d, user.id, names),
  ]);
  const hazards = await Promise.all(
    reported.hazards.map(async (h) => {
      const enterpriseName = h.enterpriseId ? await names.enterprise(h.enterpriseId) : undefined;
      return {
        id: h.id,
        createdAt: h.createdAt,
        category: h.category,
        description: h.description,
        ...(enterpriseName ? { enterpriseName } : {}),
        state: h.state,
        stateLabel: HAZARD_STATE_LABELS[h.state],
        anonymous: h.anonymous,
        photos: h.photos.length,
        location: { lng: h.lng, lat: h.lat, ...(h.address ? { address: h.address } : {}) },
      };
    }),
  );
  return {
    generatedAt: d.clock.now().toISOString(),
    profile: {
      id: user.id,
      name: user.name,
      ...(user.phone ? { phone: user.phone } : {}),
      wechatBound: Boolean(user.openid),
      ...(user.gridworkerLevel ? { gridworkerLevel: user.gridworkerLevel } : {}),
      grants,
    },
    hazards: { items: hazards, more: reported.cursor !== undefined },
    rewards,
    signatures,
    checks,
  };
}
