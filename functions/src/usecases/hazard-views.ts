/**
 * What a caller sees of a hazard. The reporter's identity is decided here, once: an enterprise
 * never sees it, and others only as `seesReporter` allows (docs/decisions.md, "The reporter's identity is decided in one place").
 */
import {
  ESCALATION_LABELS,
  HAZARD_SOURCE_LABELS,
  HAZARD_STATE_LABELS,
  MOVES,
  REWARD_STATE_LABELS,
  type EscalationKind,
  type HazardSummary,
  type HazardView,
  type MoveName,
  type Relation,
  type TimelineEvent,
  allowedMoves,
  maskPhone,
  seesReporter,
  shanghaiDate,
  sourceSeenBy,
} from '@safegrid/shared';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import type { Deps } from '../deps';
import type { HazardEventRecord, HazardRecord } from '../repos/hazards';
import { getUser } from '../repos/users';
import type { NameCache } from './views';

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;

async function photoViews(d: Deps, keys: string[], blocked: Set<string>) {
  return Promise.all(keys.filter((k) => !blocked.has(k)).map(async (key) => ({ key, url: await d.storage.downloadUrl(key) })));
}

/** A hazard in a list, as one who stands in these relations to it sees it. */
export async function hazardSummary(d: Deps, h: HazardRecord, relations: Set<Relation>, names: NameCache): Promise<HazardSummary> {
  const source = sourceSeenBy(h, relations);
  const blocked = new Set(h.blockedPhotos ?? []);
  const first = h.photos.find((k) => !blocked.has(k));
  const [areaName, enterpriseName, thumbnail] = await Promise.all([
    names.area(h.area),
    h.enterpriseId ? names.enterprise(h.enterpriseId) : undefined,
    first ? d.storage.downloadUrl(first) : undefined,
  ]);
  return {
    id: h.id,
    state: h.state,
    stateLabel: HAZARD_STATE_LABELS[h.state],
    source,
    sourceLabel: HAZARD_SOURCE_LABELS[source],
    category: h.category,
    ...(h.level ? { level: h.level } : {}),
    description: h.description,
    area: h.area,
    ...(areaName ? { areaName } : {}),
    ...(h.enterpriseId ? { enterpriseId: h.enterpriseId } : {}),
    ...(enterpriseName ? { enterpriseName } : {}),
    ...(h.deadline ? { deadline: h.deadline } : {}),
    overdue: h.overdue === true,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
    ...(thumbnail ? { thumbnail } : {}),
  };
}

export async function hazardView(
  d: Deps,
  h: HazardRecord,
  relations: Set<Relation>,
  names: NameCache,
  blocked: Set<string>,
): Promise<HazardView> {
  const showReporter = seesReporter(relations, h.anonymous);
  const reporter = showReporter ? await getUser(d.db, h.reporterId) : undefined;
  const mine = relations.has('reporter');
  // That a report earned a reward is the reporter's and the officials' to know; an enterprise must not learn it.
  const seesReward = ['reporter', 'gridworker', 'supervisor'].some((r) => relations.has(r as Relation));
  const reward = seesReward ? (await d.db.rewards.build(GetItemCommand).key({ id: h.id }).send()).Item : undefined;
  return {
    ...(await hazardSummary(d, h, relations, names)),
    photos: await photoViews(d, h.photos, blocked),
    lng: h.lng,
    lat: h.lat,
    ...(h.address ? { address: h.address } : {}),
    anonymous: h.anonymous,
    ...(reporter ? { reporter: { name: reporter.name, ...(reporter.phone ? { phone: mine ? reporter.phone : maskPhone(reporter.phone) } : {}) } } : {}),
    ...(h.plan ? { plan: h.plan } : {}),
    ...(h.duplicateOf ? { duplicateOf: h.duplicateOf } : {}),
    escalation: h.escalation,
    letters: h.letters.map((l) => ({ id: l.id, kind: l.kind, label: ESCALATION_LABELS[l.kind], number: l.number, issuedAt: l.issuedAt })),
    ...(reward ? { reward: REWARD_STATE_LABELS[reward.state] } : {}),
    version: h.version,
    moves: allowedMoves({ ...h, ...(h.state === 'rejected' ? { rejectedOn: h.rejectedOn ?? shanghaiDate(h.updatedAt) } : {}) }, relations, shanghaiDate(d.clock.now())),
  };
}

type Data = Record<string, unknown>;

/** Each event's data as label/value pairs, so the app shows every kind of event the same way. */
async function details(kind: string, data: Data, names: NameCache, h: HazardRecord, relations: Set<Relation>): Promise<[string, string][]> {
  const pairs: [string, unknown][] = [];
  switch (kind as MoveName | 'report' | 'relocate') {
    case 'report':
      pairs.push(['来源', HAZARD_SOURCE_LABELS[sourceSeenBy(h, relations)]], ['隐患类别', data.category]);
      break;
    case 'confirm':
      pairs.push(['隐患等级', data.level], ['隐患类别', data.category], ['整改期限', data.deadline]);
      if (data.enterpriseId) pairs.push(['责任企业', (await names.enterprise(String(data.enterpriseId))) ?? data.enterpriseId]);
      break;
    case 'fixOnSpot':
      pairs.push(['隐患类别', data.category]);
      break;
    case 'merge':
      pairs.push(['重复于', data.duplicateOf]);
      break;
    case 'submitPlan': {
      const plan = data.plan as { measures: string; costFen: number; personInCharge: string; deadline: string; interimMeasures: string };
      pairs.push(['整改措施', plan.measures], ['整改资金', yuan(plan.costFen)], ['整改责任人', plan.personInCharge], ['完成期限', plan.deadline], ['整改期间安全措施', plan.interimMeasures]);
      break;
    }
    case 'relocate':
      pairs.push(['原网格', (await names.area(String(data.from))) ?? data.from], ['现网格', (await names.area(String(data.to))) ?? data.to]);
      break;
    case 'recheckFail':
      pairs.push(['新的整改期限', data.deadline]);
      break;
    case 'escalate':
      if (data.number) pairs.push(['文书编号', data.number]);
      pairs.push(['逾期天数', `${data.daysOverdue} 天`]);
      break;
    case 'enforce':
      pairs.push(['处置结果', data.outcome], ['文书编号', data.documentNo], ['后续', data.then === 'close' ? '销号' : '责令整改']);
      if (data.deadline) pairs.push(['新的整改期限', data.deadline]);
      break;
    default:
      break;
  }
  return pairs.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]);
}

function labelOf(kind: string, data: Data): string {
  if (kind === 'report') return '上报隐患';
  if (kind === 'relocate') return '随企业迁至新网格';
  if (kind === 'escalate') return `逾期升级：${ESCALATION_LABELS[data.step as EscalationKind]}`;
  return MOVES[kind as MoveName]?.label ?? kind;
}

export async function timelineView(
  d: Deps,
  h: HazardRecord,
  events: HazardEventRecord[],
  relations: Set<Relation>,
  names: NameCache,
  blocked: Set<string>,
): Promise<TimelineEvent[]> {
  const showReporter = seesReporter(relations, h.anonymous);
  return Promise.all(
    events
      .sort((a, b) => a.seq - b.seq)
      .map(async (e) => {
        const data = (e.data ?? {}) as Data;
        const hidden = e.byId === h.reporterId && !showReporter;
        const by = e.byId === 'system' ? '系统' : hidden ? undefined : ((await names.user(e.byId)) ?? undefined);
        const note = [data.note, data.reason, e.kind === 'report' ? data.description : undefined].find((v) => typeof v === 'string' && v) as string | undefined;
        return {
          seq: e.seq,
          at: e.at,
          kind: e.kind,
          label: labelOf(e.kind, data),
          ...(by ? { by } : {}),
          ...(note ? { note } : {}),
          photos: await photoViews(d, e.photos, blocked),
          details: await details(e.kind, data, names, h, relations),
        };
      }),
  );
}
