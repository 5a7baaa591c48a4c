/**
 * The demo district's hazards: three months of reports played through the real use cases (so
 * every record, timeline event, counter and letter is what the system itself would have
 * written), each step on the day it happened. Deterministic for a seed.
 */
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { ulid } from 'ulid';
import { type Actor, HAZARD_CATEGORIES, type User, type HazardCategory, type MoveData, shanghaiDate } from '@safegrid/shared';
import type { Deps } from '../../functions/src/deps';
import { escalateOverdue } from '../../functions/src/usecases/escalation';
import { getHazard } from '../../functions/src/repos/hazards';
import { commitMove, reportHazard } from '../../functions/src/usecases/hazards';
import { hazardPhotoKey } from '../../functions/src/usecases/uploads';
import { withoutLimits } from '../../functions/src/usecases/rate-limits';
import { DEMO_SEED, type DemoDistrict, stream } from './generate';
import { placeholderPng } from '../../functions/src/lib/png';

export const DEMO_HAZARD_COUNT = 120;
const DAY = 86_400_000;

const WHAT: Record<HazardCategory, string[]> = {
  消防安全: ['安全出口上锁，疏散通道堆放货物', '灭火器压力不足且已过期', '消防栓被货架遮挡', '应急照明灯损坏不亮'],
  用电安全: ['配电箱门损坏，电线裸露', '电动车在楼道内充电', '私拉乱接临时电线', '插座超负荷使用，有焦糊味'],
  燃气安全: ['液化气钢瓶与灶具距离过近', '燃气报警器未安装', '燃气软管老化开裂', '钢瓶存放在地下室'],
  危险化学品: ['油漆稀释剂敞口存放', '危化品未分类存放，无警示标志'],
  特种设备: ['叉车操作人员无证上岗', '货梯超期未检验'],
  有限空间: ['污水井作业未通风检测', '储罐清理无人监护'],
  粉尘防爆: ['打磨工位粉尘堆积，未及时清扫', '除尘器未接地'],
  建筑施工: ['脚手架未设置防护网', '基坑边缘无围挡'],
  交通运输: ['货车超载停放在厂区通道'],
  劳动防护: ['焊工未佩戴防护面罩', '噪声岗位无耳塞'],
  其他: ['门头广告牌松动，有坠落风险'],
};

type Fate = 'open' | 'rejected' | 'merged' | 'onSpot' | 'closed' | 'rechecking' | 'rectifying' | 'overdue' | 'planning';
const FATES: [Fate, number][] = [
  ['open', 12],
  ['rejected', 6],
  ['merged', 4],
  ['onSpot', 10],
  ['closed', 40],
  ['rechecking', 8],
  ['rectifying', 10],
  ['overdue', 7],
  ['planning', 3],
];

/** Plays the demo hazards into the table and storage behind `d`, ending at `now`, a few at a time. */
export async function loadDemoHazards(deps: Deps, district: DemoDistrict, now = new Date(), count = DEMO_HAZARD_COUNT): Promise<number> {
  const d = withoutLimits(deps);
  const users = new Map(district.users.map((u) => [u.id, u]));
  const actor = (id: string): Actor => ({ userId: id, grants: users.get(id)!.grants });
  const gridworkerOf = new Map(district.areas.filter((a) => a.gridworkerId).map((a) => [a.path, a.gridworkerId!]));
  const operating = district.enterprises.filter((e) => e.status === '在营');
  // The demo users' enterprise gets a fair share, so every role's home has work on it; duplicates are merged into its first report.
  const demoEnterprise = district.enterprises[0]!;
  const photos = [placeholderPng(214, 98, 64), placeholderPng(96, 125, 139), placeholderPng(76, 175, 80)];
  let firstReport: string | undefined;

  /** One hazard's story; each draws from its own random stream, so the order they run in does not matter. */
  const play = async (i: number) => {
    const rng = stream(DEMO_SEED, `hazard-${i}`);
    const fate = i < 6 ? (['open', 'rectifying', 'rechecking', 'overdue', 'planning', 'closed'] as Fate[])[i]! : rng.weighted(FATES);
    const e = i % 8 === 0 || fate === 'merged' ? demoEnterprise : rng.pick(operating);
    const gridworker = gridworkerOf.get(e.area)!;
    const category = rng.pick(HAZARD_CATEGORIES);
    // Now and then a business's own owner reports through 随手拍: their report is handled, but earns no reward.
    const reporter = i % 8 === 0 && i % 16 !== 0 ? 'demo-worker' : i % 40 === 7 ? await ownerOf(d, e, users) : rng.chance(0.5) ? 'demo-public' : gridworker;
    // Recent for the ones still waiting on someone; spread over three months for the rest.
    // Those still within their deadline are younger than it, so the escalation sweep below never moves them on, whatever today's date;
    // overdue ones run 2–15 days past it, so some wait on a letter and some have gone to enforcement (the fourth, 3 days over, stays on the supervisor's desk).
    const ageDays =
      fate === 'open' || fate === 'rechecking' ? rng.int(0, 6) : fate === 'overdue' ? (i === 3 ? 8 : rng.int(7, 20)) : fate === 'rectifying' ? rng.int(2, 9) : fate === 'planning' ? rng.int(2, 20) : rng.int(8, 90);
    let at = now.getTime() - ageDays * DAY - rng.int(1, 8) * 3_600_000;
    const clocked = (): Deps => ({ ...d, clock: { now: () => new Date(at) } });
    const photo = async (by: string) => {
      const key = hazardPhotoKey(d, by, 'png', ulid(at));
      await d.storage.putBuffer(key, rng.pick(photos), 'image/png');
      return key;
    };
    const { hazard } = await reportHazard(clocked(), actor(reporter), {
      id: ulid(at),
      description: `${e.name}：${rng.pick(WHAT[category])}`,
      category,
      photos: [await photo(reporter)],
      lng: e.lng,
      lat: e.lat,
      enterpriseId: e.id,
      anonymous: reporter === 'demo-worker' || rng.chance(0.3),
    });
    let h = (await getHazard(d.db, hazard.id))!;
    const step = async (by: string, move: MoveData, days = rng.int(0, 2)) => {
      at = Math.min(at + days * DAY + rng.int(1, 6) * 3_600_000, now.getTime() - 60_000);
      const after = await commitMove(clocked(), actor(by), h, h.version, move);
      if (after !== 'already-done') h = after;
    };
    const deadline = (days: number) => shanghaiDate(new Date(at + days * DAY));
    if (fate === 'open') return hazard.id;
    if (fate === 'rejected') return void (await step(gridworker, { action: 'reject', reason: '经现场核实，情况不属实' }));
    if (fate === 'merged') return void (await step(gridworker, { action: 'merge', duplicateOf: firstReport!, note: '与已上报隐患重复' }));
    if (fate === 'onSpot') return void (await step(gridworker, { action: 'fixOnSpot', photos: [await photo(gridworker)], note: '已督促企业当场整改', category }));
    const major = fate === 'planning' || (fate === 'closed' && rng.chance(0.15));
    await step(gridworker, { action: 'confirm', level: major ? '重大' : '一般', category, deadline: deadline(major ? 30 : fate === 'overdue' ? 5 : 10) }, rng.int(0, 1));
    if (fate === 'planning' || fate === 'overdue') return;
    const owner = await ownerOf(d, e, users);
    if (major) await step(owner, planMove(deadline(25)), 2);
    if (fate === 'rectifying') return;
    await step(owner, { action: 'submitEvidence', photos: [await photo(owner)], note: '已按要求完成整改，请复查' }, rng.int(1, 5));
    if (fate === 'rechecking') return;
    await step(gridworker, { action: 'recheckPass', note: '现场复查，整改到位' }, rng.int(0, 2));
  };

  firstReport = (await play(0)) ?? undefined;
  let next = 1;
  // A few at a time: more only collide on the district's counter items.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) await play(next++);
    }),
  );
  // Overdue hazards get their letters as the schedule would have issued them: a sweep a day over the
  // last weeks (each step waits its interval after the one before, so sweeps at one moment would issue one).
  for (let daysAgo = 25; daysAgo >= 0; daysAgo--) await escalateOverdue({ ...d, clock: { now: () => new Date(now.getTime() - daysAgo * DAY) } });
  return count;
}

function planMove(deadline: string): MoveData {
  return {
    action: 'submitPlan',
    plan: { measures: '制定整改方案，落实专项资金，更换不合格设施', costFen: 1_200_000, personInCharge: '企业负责人', deadline, interimMeasures: '设置警示标志，安排专人值守' },
  };
}

/** The enterprise's owner account: the demo owner's, or one made for its legal representative the first time it is needed. */
export async function ownerOf(d: Deps, e: DemoDistrict['enterprises'][number], users: Map<string, User>): Promise<string> {
  const found = [...users.values()].find((u) => u.grants.some((g) => g.role === 'enterprise_owner' && g.enterpriseId === e.id));
  if (found) return found.id;
  const user: User = {
    id: `owner-${e.id}`,
    name: e.legalRepresentative,
    ...(e.contacts[0] ? { phone: e.contacts[0].phone } : {}),
    grants: [{ role: 'enterprise_owner', enterpriseId: e.id }],
    homeArea: e.area,
  };
  await d.db.users.build(PutItemCommand).item(user).send();
  users.set(user.id, user);
  return user.id;
}
