import type { ResponseOf } from '@safegrid/shared';

export { publicUser, worker } from './hazard-fixtures';

/** A district-level supervisor (may set the rules) and one of a street with two areas. */
export const supervisor = {
  id: 'u-sup',
  name: '李监管',
  grants: [{ role: 'supervisor' as const, roleLabel: '监管人员', area: '370911', areaName: '示范区' }],
};
export const streetSupervisor = {
  id: 'u-sup2',
  name: '周监管',
  grants: [
    { role: 'supervisor' as const, roleLabel: '监管人员', area: '370911/c1', areaName: '东关街道' },
    { role: 'supervisor' as const, roleLabel: '监管人员', area: '370911/c2', areaName: '西关街道' },
  ],
};

export type Mine = ResponseOf<'listMyRewards'>['rewards'][number];
export type Reward = ResponseOf<'getReward'>['reward'];
export type Row = ResponseOf<'listRewards'>['rewards'][number];
export type Events = ResponseOf<'getReward'>['events'];

export function mine(i: number, over: Partial<Mine> = {}): Mine {
  return {
    id: `r${i}`,
    hazardId: `h${i}`,
    description: `隐患描述${i}：楼道堆放杂物堵塞消防通道`,
    state: 'paid',
    amountFen: 5000,
    channel: 'bank',
    paidAt: '2026-11-20T06:03:00.000Z',
    awaitingReceipt: false,
    createdAt: '2026-11-18T02:00:00.000Z',
    ...over,
  };
}

export function row(i: number, over: Partial<Row> = {}): Row {
  return {
    id: `r${i}`,
    hazardId: `h${i}`,
    description: `隐患描述${i}：楼道堆放杂物堵塞消防通道`,
    area: '370911/c1/g1/m1',
    areaName: '一号微网格',
    enterpriseName: '泰安市安达化工有限公司',
    level: '一般',
    source: 'public',
    reporterName: '赵公众',
    reporterPhone: '138****0000',
    reportedAt: '2026-11-20T06:03:00.000Z',
    state: 'proposed',
    ruleVersion: 2,
    proposedFen: 5000,
    approvals: [],
    version: 3,
    createdAt: '2026-11-21T01:00:00.000Z',
    ...over,
  };
}

export function reward(over: Partial<Reward> = {}): Reward {
  return { ...row(1), actions: ['approve', 'reject'], canApprove: true, ...over };
}

export const events: Events = [
  { seq: 1, at: '2026-11-21T01:00:00.000Z', kind: 'proposed', byName: '系统', from: '', to: 'proposed', detail: '按第 2 版规则拟奖 50.00 元' },
  { seq: 2, at: '2026-11-21T17:30:00.000Z', kind: 'approve', byName: '李监管', from: 'proposed', to: 'approved', detail: '核定 50.00 元' },
];

export const got = (r: Reward, e: Events = events) => ({ statusCode: 200, data: { reward: r, events: e } });
