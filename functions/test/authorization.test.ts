/**
 * Every route × every role of the fixture district, inside and outside its scope.
 * A refused request must leave the table exactly as it was.
 */
import { ulid } from 'ulid';
import { FULL_PHONE_ROLES, type Role, type RouteName, isWithin } from '@safegrid/shared';
import { type Scope, declarations } from '../src/lib/http';
import { handler as assignGridworker } from '../src/handlers/assignGridworker';
import { handler as updateArea } from '../src/handlers/updateArea';
import { handler as importBoundaries } from '../src/handlers/importBoundaries';
import { handler as bindPhone } from '../src/handlers/bindPhone';
import { handler as updateMe } from '../src/handlers/updateMe';
import { handler as createArea } from '../src/handlers/createArea';
import { handler as acceptInvitation } from '../src/handlers/acceptInvitation';
import { handler as createInvitation } from '../src/handlers/createInvitation';
import { handler as enterpriseWorkers } from '../src/handlers/enterpriseWorkers';
import { handler as listInvitations } from '../src/handlers/listInvitations';
import { handler as previewInvitation } from '../src/handlers/previewInvitation';
import { handler as removeWorker } from '../src/handlers/removeWorker';
import { handler as setUserStatus } from '../src/handlers/setUserStatus';
import { handler as updateInvitation } from '../src/handlers/updateInvitation';
import { createInvitation as createInvitationUsecase } from '../src/usecases/invitations';
import { handler as gridworkerHome } from '../src/handlers/gridworkerHome';
import { handler as listAreas } from '../src/handlers/listAreas';
import { handler as listUsers } from '../src/handlers/listUsers';
import { handler as me } from '../src/handlers/me';
import { handler as setGrants } from '../src/handlers/setGrants';
import { handler as setGridworkerLevel } from '../src/handlers/setGridworkerLevel';
import { handler as listEnterprises } from '../src/handlers/listEnterprises';
import { handler as getEnterprise } from '../src/handlers/getEnterprise';
import { handler as createEnterprise } from '../src/handlers/createEnterprise';
import { handler as updateEnterprise } from '../src/handlers/updateEnterprise';
import { handler as listRedLines } from '../src/handlers/listRedLines';
import { handler as createRedLine } from '../src/handlers/createRedLine';
import { handler as updateRedLine } from '../src/handlers/updateRedLine';
import { handler as createUpload } from '../src/handlers/createUpload';
import { handler as createPhotoUpload } from '../src/handlers/createPhotoUpload';
import { handler as importTemplate } from '../src/handlers/importTemplate';
import { handler as startImport } from '../src/handlers/startImport';
import { handler as getImport } from '../src/handlers/getImport';
import { handler as exportEnterprises } from '../src/handlers/exportEnterprises';
import { handler as createHazardPhotoUpload } from '../src/handlers/createHazardPhotoUpload';
import { handler as reportHazard } from '../src/handlers/reportHazard';
import { handler as listMyHazards } from '../src/handlers/listMyHazards';
import { handler as hazardQueue } from '../src/handlers/hazardQueue';
import { handler as listHazards } from '../src/handlers/listHazards';
import { handler as getHazard } from '../src/handlers/getHazard';
import { handler as moveHazard } from '../src/handlers/moveHazard';
import { handler as getLetterPdf } from '../src/handlers/getLetterPdf';
import { handler as getEscalationRules } from '../src/handlers/getEscalationRules';
import { handler as setEscalationRules } from '../src/handlers/setEscalationRules';
import { handler as locateArea } from '../src/handlers/locateArea';
import { handler as nearbyEnterprises } from '../src/handlers/nearbyEnterprises';
import { escalateOverdue } from '../src/usecases/escalation';
import { getHazard as readHazard } from '../src/repos/hazards';
import { handler as listCommitmentTemplates } from '../src/handlers/listCommitmentTemplates';
import { handler as publishCommitmentTemplate } from '../src/handlers/publishCommitmentTemplate';
import { handler as enterpriseCommitments } from '../src/handlers/enterpriseCommitments';
import { handler as createSignatureUpload } from '../src/handlers/createSignatureUpload';
import { handler as signCommitment } from '../src/handlers/signCommitment';
import { handler as getCommitment } from '../src/handlers/getCommitment';
import { handler as commitmentPdf } from '../src/handlers/commitmentPdf';
import { handler as unsignedCommitments } from '../src/handlers/unsignedCommitments';
import { handler as remindCommitment } from '../src/handlers/remindCommitment';
import { handler as commitmentRates } from '../src/handlers/commitmentRates';
import { handler as listCheckTemplates } from '../src/handlers/listCheckTemplates';
import { handler as publishCheckTemplate } from '../src/handlers/publishCheckTemplate';
import { handler as submitCheck } from '../src/handlers/submitCheck';
import { handler as getCheck } from '../src/handlers/getCheck';
import { handler as checkPdf } from '../src/handlers/checkPdf';
import { handler as enterpriseChecks } from '../src/handlers/enterpriseChecks';
import { handler as owedVisits } from '../src/handlers/owedVisits';
import { handler as checkCoverage } from '../src/handlers/checkCoverage';
import { handler as dashboard } from '../src/handlers/dashboard';
import { handler as generateBulletin } from '../src/handlers/generateBulletin';
import { handler as listBulletins } from '../src/handlers/listBulletins';
import { handler as getBulletin } from '../src/handlers/getBulletin';
import { handler as publishBulletin } from '../src/handlers/publishBulletin';
import { handler as bulletinFiles } from '../src/handlers/bulletinFiles';
import { generateBulletin as generateBulletinUsecase, publishBulletin as publishBulletinUsecase } from '../src/usecases/bulletins';
import { handler as mapPoints } from '../src/handlers/mapPoints';
import { handler as getCheckRules } from '../src/handlers/getCheckRules';
import { handler as setCheckRules } from '../src/handlers/setCheckRules';
import { handler as getAssessmentWeights } from '../src/handlers/getAssessmentWeights';
import { handler as setAssessmentWeights } from '../src/handlers/setAssessmentWeights';
import { handler as listAssessments } from '../src/handlers/listAssessments';
import { publishCheckTemplate as publishCheckTemplateUsecase, submitCheck as submitCheckUsecase } from '../src/usecases/checks';
import { DEMO_CHECKLISTS } from '../../scripts/demo/checklists';
import { checkBody } from './check-support';
import type { CheckTemplate } from '@safegrid/shared';
import { handler as getRewardRules } from '../src/handlers/getRewardRules';
import { handler as setRewardRules } from '../src/handlers/setRewardRules';
import { handler as listMyRewards } from '../src/handlers/listMyRewards';
import { handler as myData } from '../src/handlers/myData';
import { handler as subscribeNotices } from '../src/handlers/subscribeNotices';
import { handler as myCounts } from '../src/handlers/myCounts';
import { handler as rewardReceipt } from '../src/handlers/rewardReceipt';
import { handler as listRewards } from '../src/handlers/listRewards';
import { handler as getReward } from '../src/handlers/getReward';
import { handler as reviewReward } from '../src/handlers/reviewReward';
import { handler as payReward } from '../src/handlers/payReward';
import { handler as syncRewardPayment } from '../src/handlers/syncRewardPayment';
import { handler as reverseReward } from '../src/handlers/reverseReward';
import { handler as listPayouts } from '../src/handlers/listPayouts';
import { handler as exportPayouts } from '../src/handlers/exportPayouts';
import { handler as exportHazards } from '../src/handlers/exportHazards';
import { handler as listChecks } from '../src/handlers/listChecks';
import { handler as exportChecks } from '../src/handlers/exportChecks';
import { handler as listCommitments } from '../src/handlers/listCommitments';
import { handler as exportCommitments } from '../src/handlers/exportCommitments';
import { handler as exportRewards } from '../src/handlers/exportRewards';
import { DEFAULT_ASSESSMENT_WEIGHTS, DEFAULT_CHECK_RULES, DEFAULT_REWARD_RULES, periodOf } from '@safegrid/shared';
import { payReward as payRewardUsecase, reviewReward as reviewRewardUsecase, setRewardRules as setRewardRulesUsecase } from '../src/usecases/rewards';
import { publish, sign, signBody, templateBody } from './commitment-support';
import { reportBody, seedHazard } from './hazard-support';
import { createJob } from '../src/repos/imports';
import { XLSX_CONTENT_TYPE } from '@safegrid/shared';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { deps } from '../src/deps';
import { uscc } from './support';
import { type Request, expectNothingWritten, fixture, fixtureDistrict, invoke, isRateCounter, setupTable, tokenFor, userById } from './support';

/** The fixture with a number of its own for each person, so a number in a reply tells whose it is. */
const MATRIX_DISTRICT = (() => {
  const d = fixtureDistrict();
  return { ...d, users: d.users.map((u, i) => ({ ...u, phone: `13700${String(i).padStart(6, '0')}` })) };
})();
const matrixUser = (id: string) => MATRIX_DISTRICT.users.find((u) => u.id === id)!;
const MATRIX_PHONES = new Set(MATRIX_DISTRICT.users.map((u) => u.phone));

beforeAll(async () => {
  await setupTable(MATRIX_DISTRICT);
  await deps()
    .db.redLines.build(PutItemCommand)
    .item({ id: 'rl-1', area: S1, title: '燃气泄漏爆炸', factors: ['液化气钢瓶'], enterpriseIds: ['ent-1'], ownerName: '张三', measures: ['安装报警器'], version: 1 })
    .send();
  // A finished census import by the admin of street S1.
  await createJob(deps().db, {
    id: 'job-s1',
    ownerId: 'admin-s1',
    area: S1,
    key: 'imports/admin-s1/census.xlsx',
    fileName: '普查.xlsx',
    status: 'done',
    createdAt: new Date().toISOString(),
    total: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejectedCount: 0,
    rejectedParts: 0,
    requestHash: 'x',
  });
  // A worker's report about ent-1 (in M1), confirmed; and one past its deadline, with a risk reminder letter.
  workerHazard = (await seedHazard('worker-1', { enterpriseId: 'ent-1', anonymous: true }, 'gw-1')).id;
  const late = await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
  lateHazard = late.id;
  // pub-1's report about ent-3, in the other street: what a sibling area and a stranger's enterprise are refused.
  hazardInM2 = (await seedHazard('pub-1', { enterpriseId: 'ent-3' }, 'gw-2')).id;
  await escalateOverdue({ ...deps(), clock: { now: () => new Date(Date.now() + 8 * 86_400_000) } });
  letterId = (await readHazard(deps().db, late.id))!.letters[0]!.id;
  // A commitment template for 工贸 (every fixture enterprise), signed by ent-1's owner.
  commitmentTemplate = (await publish()).body.template;
  signedKey = (await sign('ent-1', await signBody(commitmentTemplate))).body.record.key;
  await setRewardRulesUsecase(deps(), actorOf('sup-d'), { district: fixture.paths.D, rules: MATRIX_RULES, version: 0 });
  // A checklist, and gw-1's check of ent-1 (in M1, S1).
  checkTemplate = (await publishCheckTemplateUsecase(deps(), actorOf('sup-d'), { ...DEMO_CHECKLISTS[1]!, district: fixture.paths.D, baseVersion: 0 })).template;
  checkId = (await submitCheckUsecase(deps(), actorOf('gw-1'), await checkBody('gw-1', checkTemplate))).check.id;
  invitationInS1 = (await createInvitationUsecase(deps(), actorOf('admin-s1'), { id: ulid(), name: '待邀请包保责任人', phone: '13699990000', grant: { role: 'guarantee_leader', area: S1 } })).invitation.id;
}, 60_000);
let checkTemplate: CheckTemplate;
let checkId = '';

const actorOf = (id: string) => ({ userId: id, grants: userById(id).grants });
/** No interval and high caps, so one reporter's many fixture rewards can all be approved. */
const { version: _defaultVersion, ...defaultRules } = DEFAULT_REWARD_RULES;
const MATRIX_RULES = { ...defaultRules, minIntervalDays: 0, monthlyCapFen: 10_000_000, yearlyCapFen: 10_000_000 };
const thisMonth = periodOf(new Date());

/** A fresh reward of a public reporter's confirmed report about ent-1 (in M1, S1), taken as far as `stage`. */
async function rewardAt(stage: 'proposed' | 'approved' | 'paid', reporter = 'pub-1'): Promise<{ id: string; version: number }> {
  const id = (await seedHazard(reporter, { enterpriseId: 'ent-1' }, 'gw-1')).id;
  if (stage === 'proposed') return { id, version: 1 };
  const approved = await reviewRewardUsecase(deps(), actorOf('sup-s1'), id, { action: 'approve', amountFen: 5_000, version: 1 });
  if (stage === 'approved') return { id, version: approved.reward.version };
  const paid = await payRewardUsecase(deps(), actorOf('sup-s1'), id, { channel: 'cash', voucherNo: 'XJ-MATRIX', version: approved.reward.version });
  return { id, version: paid.reward.version };
}
const REWARD_KEEPERS = { 'sup-s1': 200, 'sup-d': 200 };
let commitmentTemplate: { id: string; version: number };
let signedKey = '';
let workerHazard = '';
let lateHazard = '';
let hazardInM2 = '';
let letterId = '';

/** An invitation the admin of S1 made, for the cases that read, revoke or preview one. */
let invitationInS1 = '';
let invitePhones = 0;
/** A new invitation's body, with an id and a phone of its own for each try. */
const inviteBody = (a: ActorId, grant: Record<string, string>) => ({ id: ulid(), name: `受邀人${a}`, phone: `136${String(++invitePhones).padStart(8, '0')}`, grant });
/** A worker of ent-1 of one's own, so each case removes a worker who is there. */
async function newWorker(a: ActorId): Promise<string> {
  const id = `worker-of-${a}-${++invitePhones}`;
  await deps().db.users.build(PutItemCommand).item({ id, name: '待移除员工', grants: [{ role: 'worker', enterpriseId: 'ent-1' }], homeArea: M1 }).send();
  return id;
}

const IMPORTERS = { 'sup-s1': 200, 'sup-s2': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-s2': 200, 'admin-d': 200 };

/** The current version of a record, for edits that must name the version they start from. */
const versionOf = async (entity: 'enterprises' | 'redLines', id: string): Promise<number> => {
  const { db } = deps();
  const found = entity === 'enterprises' ? await db.enterprises.build(GetItemCommand).key({ id }).send() : await db.redLines.build(GetItemCommand).key({ id }).send();
  return found.Item!.version;
};

const newEnterprise = (actor: string) => ({
  id: ulid(),
  uscc: uscc(1000 + ACTORS.indexOf(actor as ActorId)),
  name: `新登记企业${actor}`,
  kind: '企业',
  address: `新路${actor}号`,
  lng: 117.1,
  lat: 36.2,
  area: M1,
  industry: '商贸',
  riskClass: 'C',
  tags: [],
  status: '在营',
  legalRepresentative: '王五',
  contacts: [],
  employees: 3,
});

const { D, S1, G1, M1, M2 } = fixture.paths;
const ACTORS = ['anonymous', 'pub-1', 'worker-1', 'owner-1', 'gw-1', 'guar-s1', 'sup-s1', 'sup-s2', 'sup-d', 'dept-d', 'enf-d', 'admin-s1', 'admin-s2', 'admin-d'] as const;
type ActorId = (typeof ACTORS)[number];

interface Case {
  route: RouteName;
  handler: Parameters<typeof invoke>[0];
  /** What the request is about, relative to street S1 (the "inside" of the S1 roles). */
  about: string;
  /** The record the case is about, from which each actor's relation follows (relationOf). */
  record: About | ((actor: ActorId) => About);
  request: (actor: ActorId) => Request | Promise<Request>;
  /** Expected status per actor; actors not listed get `otherwise`. */
  expect: Partial<Record<ActorId, number>>;
  otherwise: number;
  /** Counts every attempt against the caller's rate limit, refused or not (accepting an invitation): that one write is allowed. */
  spendsQuota?: true;
}

const AREA_READERS_IN_S1 = { 'guar-s1': 200, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'enf-d': 200, 'admin-s1': 200, 'admin-d': 200 };
const SIGNED_IN_ROLE_REFUSED = 403;

/**
 * Each actor's relation to what a case is about, derived from the fixture rather than written per
 * actor: 'own' (the caller's own record: its reporter, its inspector, its enterprise's owner), 'same area'
 * (the caller's granted area is the record's: the "same grid"), 'descendant area' (the record lies
 * below the caller's area), 'ancestor area' (the caller's area lies below the record's), 'sibling area'
 * (neither: another street or micro-grid), 'unrelated' (signed in, no area, not the record's), 'anonymous'.
 * An enterprise's people stand where their enterprise is.
 */
type Relation = 'own' | 'same area' | 'descendant area' | 'ancestor area' | 'sibling area' | 'unrelated' | 'anonymous';
/** Where a case's record lies and whose own it is ('caller': whoever asks, as for /me). */
interface About {
  area?: string;
  owners?: readonly ActorId[] | 'caller';
}
const at = (area: string, ...owners: ActorId[]): About => ({ area, owners });
const CALLERS_OWN: About = { owners: 'caller' };
const NOBODYS: About = {};
const ENT1 = at(M1, 'owner-1');
const GW1_OR_M2 = (a: ActorId) => at(a === 'gw-1' ? M1 : M2);
const aboutOf = (c: Case, actor: ActorId): About => (typeof c.record === 'function' ? c.record(actor) : c.record);

function relationOf(actor: ActorId, about: About): Relation {
  if (actor === 'anonymous') return 'anonymous';
  if (about.owners === 'caller' || about.owners?.includes(actor)) return 'own';
  const places = userById(actor).grants.flatMap((g) => g.area ?? fixture.enterprises.find((e) => e.id === g.enterpriseId)?.area ?? []);
  const area = about.area;
  if (!area || places.length === 0) return 'unrelated';
  if (places.includes(area)) return 'same area';
  if (places.some((p) => isWithin(area, p))) return 'descendant area';
  if (places.some((p) => isWithin(p, area))) return 'ancestor area';
  return 'sibling area';
}
const roleOf = (actor: ActorId): Role | 'anonymous' => (actor === 'anonymous' ? 'anonymous' : userById(actor).grants[0]!.role);

/** Which relations a route of each declared scope may answer with 2xx (http.ts `Scope`). */
const ANSWERS: Record<Scope, readonly Relation[]> = {
  self: ['own'],
  area: ['same area', 'descendant area', 'ancestor area'],
  'area or own': ['own', 'same area', 'descendant area', 'ancestor area'],
  public: ['own', 'same area', 'descendant area', 'ancestor area', 'sibling area', 'unrelated'],
};

/**
 * What a role must never receive in a 2xx body, as the code decides it: the reporter as `seesReporter`
 * (shared/src/hazards.ts) shows it, a report's reward state only to its reporter, gridworkers and supervisors
 * (hazard-views.ts), reward money only to supervisors and to its own reporter (the 'self' routes). Full
 * mobile numbers only to FULL_PHONE_ROLES (shared/src/ledger.ts); for every role, a person's own number to
 * themself only and an ID number to nobody (see `leaksIn`).
 */
type Secret = 'reporter' | 'anonymous reporter' | 'reward money' | 'reward state';
const NEVER: Record<Role, readonly Secret[]> = {
  public: ['reporter', 'reward money', 'reward state'],
  worker: ['reporter', 'reward money', 'reward state'],
  enterprise_owner: ['reporter', 'reward money', 'reward state'],
  gridworker: ['anonymous reporter', 'reward money'],
  guarantee_leader: ['reporter', 'reward money', 'reward state'],
  supervisor: [],
  department: ['anonymous reporter', 'reward money', 'reward state'],
  enforcement: ['anonymous reporter', 'reward money', 'reward state'],
  admin: ['reporter', 'reward money', 'reward state'],
};
const REPORTER_KEYS = new Set(['reporter', 'reporterId', 'reporterName', 'reporterPhone']);
const MONEY_KEYS = new Set(['amountFen', 'proposedFen', 'paidFen', 'totalFen', 'payouts', 'payee']);
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every field of a 2xx body the actor's role may not see, with its path. */
function leaksIn(body: unknown, actor: Exclude<ActorId, 'anonymous'>, callersOwn: boolean): string[] {
  const role = roleOf(actor) as Role;
  const never = new Set<Secret>(NEVER[role]);
  const me = matrixUser(actor);
  const isMe = (v: unknown) => v === actor || v === me.name || (isObject(v) && v.name === me.name);
  const seesNoReporter = (anonymous: boolean) => never.has('reporter') || (anonymous && never.has('anonymous reporter'));
  const found: string[] = [];
  const walk = (value: unknown, path: string, anonymous: boolean): void => {
    if (typeof value === 'string') {
      // Presigned URLs and upload policies carry random signatures and dates, not anyone's data (a signature's
      // hex once held 11 digits in a row that read as a mobile number).
      if (/^https?:\/\//.test(value) || /\.fields\.(X-Amz-[\w-]+|Policy)$/.test(path)) return;
      for (const [phone] of value.matchAll(MOBILE)) {
        if (phone === me.phone) continue;
        if (MATRIX_PHONES.has(phone)) found.push(`${path}: 另一用户的完整手机号`);
        else if (!FULL_PHONE_ROLES.includes(role)) found.push(`${path}: 完整手机号`);
      }
      if (ID_NUMBER.test(value)) found.push(`${path}: 未脱敏的身份证号`);
      return;
    }
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`, anonymous));
    if (!isObject(value)) return;
    const anon = anonymous || value.anonymous === true;
    for (const [key, v] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (REPORTER_KEYS.has(key) && !isMe(v) && seesNoReporter(anon)) found.push(`${at}: 举报人身份`);
      if (MONEY_KEYS.has(key) && never.has('reward money') && !callersOwn) found.push(`${at}: 奖励金额/收款`);
      if (key === 'reward' && typeof v === 'string' && never.has('reward state') && !isMe(value.reporter)) found.push(`${at}: 奖励状态`);
      walk(v, at, anon);
    }
  };
  walk(body, '$', false);
  // A hazard's timeline names who acted; its first event's actor is the reporter.
  if (isObject(body) && isObject(body.hazard) && Array.isArray(body.timeline)) {
    const anonymous = body.hazard.anonymous === true;
    body.timeline.forEach((e: { kind?: string; by?: string }, i) => {
      if (e.kind === 'report' && e.by && !isMe(e.by) && seesNoReporter(anonymous)) found.push(`$.timeline[${i}].by: 举报人身份`);
    });
  }
  return found;
}

const cases: Case[] = [
  {
    route: 'listAreas',
    handler: listAreas,
    about: 'children of street S1',
    record: at(S1),
    request: () => ({ query: { parent: S1 } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 403, 'sup-s2': 403, 'admin-s2': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listAreas',
    handler: listAreas,
    about: "the gridworker's own micro-grid M1 vs another's M2",
    record: GW1_OR_M2,
    request: (a) => ({ query: { parent: a === 'gw-1' ? M1 : M2 } }),
    expect: { anonymous: 401, 'gw-1': 200, 'guar-s1': 403, 'sup-s1': 403, 'admin-s1': 403, 'sup-s2': 200, 'admin-s2': 200, 'sup-d': 200, 'dept-d': 200, 'enf-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'createArea',
    handler: createArea,
    about: 'a new micro-grid under grid G1 (in S1)',
    record: at(G1),
    request: (a) => ({ method: 'POST', body: { parent: G1, code: `n-${a}`, name: '新微网格', level: 'microgrid' } }),
    expect: { anonymous: 401, 'admin-s1': 200, 'admin-d': 200, 'admin-s2': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'assignGridworker',
    handler: assignGridworker,
    about: 'grid G1 (in S1) to a user of S1',
    record: at(G1),
    request: () => ({ method: 'PUT', body: { area: G1, userId: 'gw-free' } }),
    expect: { anonymous: 401, 'admin-s1': 200, 'admin-d': 200, 'admin-s2': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'updateArea',
    handler: updateArea,
    about: 'the name of grid G1 (in S1)',
    record: at(G1),
    request: () => ({ method: 'PUT', body: { path: G1, name: '一社区第1网格' } }),
    expect: { anonymous: 401, 'admin-s1': 200, 'admin-d': 200, 'admin-s2': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'importBoundaries',
    handler: importBoundaries,
    about: "grid G1's boundaries (in S1) from the caller's own GeoJSON upload",
    record: at(G1),
    request: async (a) => {
      const key = `boundaries/${a}/matrix.geojson`;
      const m1 = MATRIX_DISTRICT.areas.find((x) => x.path === M1)!;
      const file = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { path: M1 }, geometry: m1.boundary }] };
      await deps().storage.putBuffer(key, Buffer.from(JSON.stringify(file)), 'application/geo+json');
      return { method: 'POST', body: { parent: G1, key } };
    },
    expect: { anonymous: 401, 'admin-s1': 200, 'admin-d': 200, 'admin-s2': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listUsers',
    handler: listUsers,
    about: 'users of street S1',
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 403, 'admin-s2': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'setGrants',
    handler: setGrants,
    about: 'the roles of a user listed in S1',
    record: at(S1, 'guar-s1'),
    request: () => ({ method: 'PUT', params: { id: 'guar-s1' }, body: { grants: [{ role: 'guarantee_leader', area: S1 }] } }),
    expect: { anonymous: 401, 'admin-s1': 200, 'admin-d': 200, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'setUserStatus',
    handler: setUserStatus,
    about: 'the account of a user listed in S1',
    record: at(S1, 'guar-s1'),
    request: () => ({ method: 'PUT', params: { id: 'guar-s1' }, body: { active: true } }),
    expect: { anonymous: 401, 'admin-s1': 200, 'admin-d': 200, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'createInvitation',
    handler: createInvitation,
    about: 'a supervisor of S1',
    record: at(S1),
    request: (a) => ({ method: 'POST', body: inviteBody(a, { role: 'supervisor', area: S1 }) }),
    expect: { anonymous: 401, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'createInvitation',
    handler: createInvitation,
    about: 'the owner of ent-1 (in M1, S1)',
    record: at(M1),
    request: (a) => ({ method: 'POST', body: inviteBody(a, { role: 'enterprise_owner', enterpriseId: 'ent-1' }) }),
    expect: { anonymous: 401, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'createInvitation',
    handler: createInvitation,
    about: 'a worker of ent-1 (in M1, S1)',
    record: ENT1,
    request: (a) => ({ method: 'POST', body: inviteBody(a, { role: 'worker', enterpriseId: 'ent-1' }) }),
    expect: { anonymous: 401, 'owner-1': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listInvitations',
    handler: listInvitations,
    about: 'the invitations of street S1',
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listInvitations',
    handler: listInvitations,
    about: 'the invitations of ent-1 (in M1, S1)',
    record: ENT1,
    request: () => ({ query: { enterpriseId: 'ent-1' } }),
    expect: { anonymous: 401, 'owner-1': 200, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'updateInvitation',
    handler: updateInvitation,
    about: 'an invitation of a guarantee leader of S1',
    record: at(S1),
    request: () => ({ method: 'PUT', params: { id: invitationInS1 }, body: { action: 'revoke' } }),
    expect: { anonymous: 401, 'admin-s1': 200, 'admin-d': 200, 'owner-1': 404, 'gw-1': 404, 'sup-s1': 404, 'sup-s2': 404, 'sup-d': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'previewInvitation',
    handler: previewInvitation,
    about: 'what a scanned invitation code invites to',
    record: NOBODYS,
    request: () => ({ params: { id: invitationInS1 } }),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'acceptInvitation',
    handler: acceptInvitation,
    about: "one's own invitations, by a phone none was sent to",
    record: CALLERS_OWN,
    spendsQuota: true,
    request: () => ({ method: 'POST', body: { phoneCode: 'phone:13600009999' } }),
    expect: { anonymous: 401 },
    otherwise: 404,
  },
  {
    route: 'enterpriseWorkers',
    handler: enterpriseWorkers,
    about: 'the workers of ent-1 (in M1, S1)',
    record: ENT1,
    request: () => ({ params: { id: 'ent-1' } }),
    expect: { anonymous: 401, 'owner-1': 200, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'removeWorker',
    handler: removeWorker,
    about: 'a worker of ent-1 (in M1, S1)',
    record: ENT1,
    request: async (a) => ({ method: 'DELETE', params: { id: 'ent-1', userId: await newWorker(a) } }),
    expect: { anonymous: 401, 'owner-1': 200, 'admin-s1': 200, 'admin-d': 200, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'setGridworkerLevel',
    handler: setGridworkerLevel,
    about: 'the level of gridworker gw-1 (in S1)',
    record: at(M1, 'gw-1'),
    request: () => ({ method: 'PUT', params: { id: 'gw-1' }, body: { level: 3 } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'gridworkerHome',
    handler: gridworkerHome,
    about: "the gridworker's own grids",
    record: CALLERS_OWN,
    request: () => ({}),
    expect: { anonymous: 401, 'gw-1': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'me',
    handler: me,
    about: 'oneself',
    record: CALLERS_OWN,
    request: () => ({}),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'bindPhone',
    handler: bindPhone,
    about: "one's own phone",
    record: CALLERS_OWN,
    request: (a) => ({ method: 'POST', body: { code: `phone:${a === 'anonymous' ? '13912345678' : matrixUser(a).phone}` } }),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'updateMe',
    handler: updateMe,
    about: "one's own name",
    record: CALLERS_OWN,
    // Each sets the name they have: the matrix's names stay as other rows expect them.
    request: (a) => ({ method: 'PUT', body: { name: a === 'anonymous' ? '某人' : matrixUser(a).name } }),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'listEnterprises',
    handler: listEnterprises,
    about: 'the ledger of street S1',
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 403, 'sup-s2': 403, 'admin-s2': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listEnterprises',
    handler: listEnterprises,
    about: "the gridworker's own micro-grid M1 vs another's M2",
    record: GW1_OR_M2,
    request: (a) => ({ query: { area: a === 'gw-1' ? M1 : M2 } }),
    expect: { anonymous: 401, 'gw-1': 200, 'guar-s1': 403, 'sup-s1': 403, 'admin-s1': 403, 'sup-s2': 200, 'admin-s2': 200, 'sup-d': 200, 'dept-d': 200, 'enf-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'getEnterprise',
    handler: getEnterprise,
    about: 'the file of ent-1 (in M1, S1)',
    record: ENT1,
    request: () => ({ params: { id: 'ent-1' } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 200, 'owner-1': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'getEnterprise',
    handler: getEnterprise,
    about: 'the file of ent-3 (in M2, S2), whose owner is not in the matrix',
    record: at(M2),
    request: () => ({ params: { id: 'ent-3' } }),
    expect: { anonymous: 401, 'sup-s2': 200, 'admin-s2': 200, 'sup-d': 200, 'dept-d': 200, 'enf-d': 200, 'admin-d': 200, 'gw-1': 404, 'guar-s1': 404, 'sup-s1': 404, 'admin-s1': 404, 'owner-1': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'createEnterprise',
    handler: createEnterprise,
    about: 'a new business in micro-grid M1 (in S1)',
    record: at(M1),
    request: (a) => ({ method: 'POST', body: newEnterprise(a) }),
    expect: { anonymous: 401, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 403, 'admin-s2': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'updateEnterprise',
    handler: updateEnterprise,
    about: 'the headcount of ent-1 (an owner-editable field)',
    record: ENT1,
    request: async (a) => ({ method: 'PUT', params: { id: 'ent-1' }, body: { version: await versionOf('enterprises', 'ent-1'), changes: { employees: 40 + ACTORS.indexOf(a) } } }),
    expect: { anonymous: 401, 'gw-1': 200, 'owner-1': 200, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listRedLines',
    handler: listRedLines,
    about: 'the red lines of street S1',
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 403, 'sup-s2': 403, 'admin-s2': 403, 'owner-1': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'createRedLine',
    handler: createRedLine,
    about: 'a red line for street S1',
    record: at(S1),
    request: () => ({ method: 'POST', body: { id: ulid(), area: S1, title: '有限空间中毒窒息', factors: ['污水井'], enterpriseIds: [], ownerName: '李四', measures: ['先通风再检测后作业'] } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 403, 'admin-s2': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'updateRedLine',
    handler: updateRedLine,
    about: 'a red line of street S1',
    record: at(S1),
    request: async () => ({ method: 'PUT', params: { id: 'rl-1' }, body: { version: await versionOf('redLines', 'rl-1'), changes: { measures: ['安装报警器', '每日巡查'] } } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'createPhotoUpload',
    handler: createPhotoUpload,
    about: 'an upload URL for a photo of ent-1 (in M1, S1)',
    record: ENT1,
    request: () => ({ method: 'POST', params: { id: 'ent-1' }, body: { contentType: 'image/jpeg', size: 1000 } }),
    expect: { anonymous: 401, 'gw-1': 200, 'owner-1': 200, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'createUpload',
    handler: createUpload,
    about: 'an upload URL for a census workbook (always under the caller’s own prefix)',
    record: CALLERS_OWN,
    request: () => ({ method: 'POST', body: { purpose: 'census-import', fileName: '普查.xlsx', contentType: XLSX_CONTENT_TYPE, size: 2048 } }),
    expect: { anonymous: 401, ...IMPORTERS },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'importTemplate',
    handler: importTemplate,
    about: 'the census template',
    record: NOBODYS,
    request: () => ({}),
    expect: { anonymous: 401, ...IMPORTERS },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'startImport',
    handler: startImport,
    about: "an import of the S1 admin's upload (not there yet: 400 for its owner, 403 for anyone else's key)",
    record: at(S1, 'admin-s1'),
    request: () => ({ method: 'POST', body: { id: ulid(), key: 'imports/admin-s1/missing.xlsx', fileName: '普查.xlsx' } }),
    expect: { anonymous: 401, 'admin-s1': 400, 'sup-s1': 403, 'sup-s2': 403, 'sup-d': 403, 'admin-s2': 403, 'admin-d': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'getImport',
    handler: getImport,
    about: "the S1 admin's import job",
    record: at(S1),
    request: () => ({ params: { id: 'job-s1' } }),
    expect: { anonymous: 401, 'admin-s1': 200, 'sup-s1': 200, 'sup-d': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'exportEnterprises',
    handler: exportEnterprises,
    about: 'the ledger of street S1 as a workbook',
    record: at(S1),
    request: () => ({ method: 'POST', body: { area: S1 } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 403, 'sup-s2': 403, 'admin-s2': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'createHazardPhotoUpload',
    handler: createHazardPhotoUpload,
    about: 'an upload URL for a hazard photo (always under the caller’s own prefix)',
    record: CALLERS_OWN,
    request: () => ({ method: 'POST', body: { contentType: 'image/jpeg', size: 1000 } }),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'reportHazard',
    handler: reportHazard,
    about: 'a report in micro-grid M1 (anyone may report)',
    record: CALLERS_OWN,
    request: async (a) => ({ method: 'POST', body: await reportBody(a === 'anonymous' ? 'pub-1' : a) }),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'listMyHazards',
    handler: listMyHazards,
    about: "one's own reports",
    record: CALLERS_OWN,
    request: () => ({}),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'hazardQueue',
    handler: hazardQueue,
    about: "the caller's own work queue",
    record: CALLERS_OWN,
    request: () => ({}),
    expect: { anonymous: 401, 'gw-1': 200, 'owner-1': 200, 'sup-s1': 200, 'sup-s2': 200, 'sup-d': 200, 'enf-d': 200, 'dept-d': 200, 'guar-s1': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listHazards',
    handler: listHazards,
    about: 'the hazards of street S1',
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listHazards',
    handler: listHazards,
    about: 'the hazards of enterprise ent-1 (in M1, S1)',
    record: ENT1,
    request: () => ({ query: { enterpriseId: 'ent-1' } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'owner-1': 200, 'gw-1': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'exportHazards',
    handler: exportHazards,
    about: 'the hazards of street S1, as .xlsx',
    record: at(S1),
    request: () => ({ method: 'POST', body: { area: S1 } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'exportHazards',
    handler: exportHazards,
    about: 'the hazards of enterprise ent-1 (in M1, S1), as .xlsx',
    record: ENT1,
    request: () => ({ method: 'POST', body: { enterpriseId: 'ent-1' } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'owner-1': 200, 'gw-1': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'getHazard',
    handler: getHazard,
    about: "a worker's report about ent-1 (in M1, S1)",
    record: at(M1, 'worker-1', 'owner-1'),
    request: () => ({ params: { id: workerHazard } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'worker-1': 200, 'owner-1': 200, 'gw-1': 200 },
    otherwise: 404,
  },
  {
    route: 'getHazard',
    handler: getHazard,
    about: "a public report about ent-1 past its deadline, signed by its reporter (pub-1)",
    record: at(M1, 'pub-1', 'owner-1'),
    request: () => ({ params: { id: lateHazard } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'pub-1': 200, 'owner-1': 200, 'gw-1': 200 },
    otherwise: 404,
  },
  {
    route: 'getHazard',
    handler: getHazard,
    about: "pub-1's report about ent-3 (in M2, S2)",
    record: at(M2, 'pub-1'),
    request: () => ({ params: { id: hazardInM2 } }),
    expect: { anonymous: 401, 'pub-1': 200, 'sup-s2': 200, 'admin-s2': 200, 'sup-d': 200, 'dept-d': 200, 'enf-d': 200, 'admin-d': 200 },
    otherwise: 404,
  },
  {
    route: 'moveHazard',
    handler: moveHazard,
    about: 'confirming a fresh public report in M1 (by gw-free, a public user outside the matrix)',
    record: at(M1),
    request: async () => {
      const h = await seedHazard('gw-free');
      return { method: 'POST', params: { id: h.id }, body: { version: 1, move: { action: 'confirm', level: '一般', category: '消防安全', deadline: '2099-01-01', enterpriseId: 'ent-1' } } };
    },
    // Readers of the hazard who may not make the move are told so (403); admins and guarantee leaders read it.
    expect: { anonymous: 401, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 403, 'enf-d': 403, 'guar-s1': 403, 'admin-s1': 403, 'admin-d': 403 },
    otherwise: 404,
  },
  {
    route: 'getLetterPdf',
    handler: getLetterPdf,
    about: 'a risk reminder letter to ent-1 (in M1, S1)',
    record: ENT1,
    request: () => ({ params: { id: letterId } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'owner-1': 200, 'gw-1': 200 },
    otherwise: 404,
  },
  {
    route: 'getEscalationRules',
    handler: getEscalationRules,
    about: "the district's escalation steps",
    record: at(D),
    request: () => ({ query: { district: fixture.paths.D } }),
    expect: { anonymous: 401, 'sup-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'setEscalationRules',
    handler: setEscalationRules,
    about: "the district's escalation steps",
    record: at(D),
    request: async () => {
      const { Item } = await deps().db.districtSettings.build(GetItemCommand).key({ district: fixture.paths.D, name: 'ESCALATION' }).send();
      return {
        method: 'PUT',
        body: { district: fixture.paths.D, version: Item?.version ?? 0, steps: [{ kind: 'risk_letter', daysOverdue: 0 }, { kind: 'enforcement_clue', daysOverdue: 9 }] },
      };
    },
    expect: { anonymous: 401, 'sup-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listCommitmentTemplates',
    handler: listCommitmentTemplates,
    about: "the district's templates",
    record: at(D),
    request: () => ({ query: { district: fixture.paths.D } }),
    expect: { anonymous: 401, 'pub-1': 403, 'worker-1': 403, 'owner-1': 403 },
    otherwise: 200,
  },
  {
    route: 'publishCommitmentTemplate',
    handler: publishCommitmentTemplate,
    about: 'a template for 商贸 (a new one each time, a new industry each time)',
    record: at(D),
    request: (a) => ({ method: 'POST', body: templateBody({ industries: [(['商贸', '餐饮', '教育', '建筑'] as const)[['sup-d', 'admin-d'].indexOf(a) + 1] ?? '商贸'] }) }),
    expect: { anonymous: 401, 'sup-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'enterpriseCommitments',
    handler: enterpriseCommitments,
    about: 'what ent-1 (in M1, S1) owes and has signed',
    record: ENT1,
    request: () => ({ params: { id: 'ent-1' } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 200, 'owner-1': 200 },
    otherwise: 404,
  },
  {
    route: 'createSignatureUpload',
    handler: createSignatureUpload,
    about: 'an upload URL for a signature (under the caller’s own tag)',
    record: CALLERS_OWN,
    request: () => ({ method: 'POST', body: { contentType: 'image/png', size: 2000 } }),
    expect: { anonymous: 401, 'owner-1': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'signCommitment',
    handler: signCommitment,
    about: "ent-2's letter (the one owner in the matrix holds ent-1, not ent-2)",
    record: at(M1),
    request: async () => ({ method: 'POST', params: { id: 'ent-2' }, body: await signBody(commitmentTemplate) }),
    expect: { anonymous: 401, 'owner-1': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'getCommitment',
    handler: getCommitment,
    about: "ent-1's signed letter",
    record: ENT1,
    request: () => ({ params: { id: 'ent-1', key: signedKey } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 200, 'owner-1': 200 },
    otherwise: 404,
  },
  // verifyCommitment is anonymous (anyone holding a letter checks it): tested in commitments.test.ts, not here.
  {
    route: 'commitmentPdf',
    handler: commitmentPdf,
    about: "ent-1's signed letter",
    record: ENT1,
    request: () => ({ params: { id: 'ent-1', key: signedKey } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 200, 'owner-1': 200 },
    otherwise: 404,
  },
  {
    route: 'unsignedCommitments',
    handler: unsignedCommitments,
    about: 'who has not signed in street S1',
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'remindCommitment',
    handler: remindCommitment,
    about: 'a reminder to ent-2 (in M1, S1), the day’s first for each caller’s fresh day',
    record: at(M1),
    request: async () => {
      await deps().db.reminders.build(DeleteItemCommand).key({ enterpriseId: 'ent-2' }).send();
      return { method: 'POST', params: { id: 'ent-2' } };
    },
    expect: { anonymous: 401, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'sup-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'commitmentRates',
    handler: commitmentRates,
    about: 'signing rates in street S1',
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listCommitments',
    handler: listCommitments,
    about: "this year's signed letters in street S1",
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'exportCommitments',
    handler: exportCommitments,
    about: "this year's signed letters in street S1, as .xlsx",
    record: at(S1),
    request: () => ({ method: 'POST', body: { area: S1 } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listCheckTemplates',
    handler: listCheckTemplates,
    about: "the district's checklists",
    record: at(D),
    request: () => ({ query: { district: fixture.paths.D } }),
    expect: { anonymous: 401, 'pub-1': 403 },
    otherwise: 200,
  },
  {
    route: 'publishCheckTemplate',
    handler: publishCheckTemplate,
    about: 'a new checklist of the district (a new id each time)',
    record: at(D),
    request: (actor) => ({ method: 'POST', body: { ...DEMO_CHECKLISTS[0]!, id: `m-${actor}`, district: fixture.paths.D, baseVersion: 0 } }),
    expect: { anonymous: 401, 'sup-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'submitCheck',
    handler: submitCheck,
    about: 'a daily check of ent-1 (in M1, S1), photos and signature uploaded by the caller',
    record: ENT1,
    request: async (actor) => ({ method: 'POST', body: await checkBody(actor === 'anonymous' ? 'pub-1' : actor, checkTemplate) }),
    expect: { anonymous: 401, 'pub-1': 403, 'worker-1': 403, 'admin-s1': 403, 'admin-s2': 403, 'admin-d': 403, 'owner-1': 404, 'guar-s1': 404, 'sup-s2': 404, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'enf-d': 200 },
    otherwise: 403,
  },
  {
    route: 'getCheck',
    handler: getCheck,
    about: "gw-1's check of ent-1",
    record: at(M1, 'gw-1', 'owner-1'),
    request: () => ({ params: { id: checkId } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 200, 'owner-1': 200 },
    otherwise: 404,
  },
  {
    route: 'checkPdf',
    handler: checkPdf,
    about: "gw-1's check of ent-1, as PDF",
    record: at(M1, 'gw-1', 'owner-1'),
    request: () => ({ params: { id: checkId } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 200, 'owner-1': 200 },
    otherwise: 404,
  },
  {
    route: 'enterpriseChecks',
    handler: enterpriseChecks,
    about: "ent-1's checks",
    record: ENT1,
    request: () => ({ params: { id: 'ent-1' } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 200, 'owner-1': 200 },
    otherwise: 404,
  },
  {
    route: 'owedVisits',
    handler: owedVisits,
    about: "the caller's owed visits",
    record: CALLERS_OWN,
    request: () => ({}),
    expect: { anonymous: 401, 'gw-1': 200, 'guar-s1': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'checkCoverage',
    handler: checkCoverage,
    about: 'coverage of street S1',
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listChecks',
    handler: listChecks,
    about: "this month's checks in street S1 (gw-1's check of ent-1 in M1)",
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listChecks',
    handler: listChecks,
    about: "the checks of enterprise ent-1 (in M1, S1)",
    record: ENT1,
    request: () => ({ query: { enterpriseId: 'ent-1' } }),
    expect: { anonymous: 401, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'exportChecks',
    handler: exportChecks,
    about: "this month's checks in street S1, as .xlsx",
    record: at(S1),
    request: () => ({ method: 'POST', body: { area: S1 } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'dashboard',
    handler: dashboard,
    about: 'the dashboard of street S1',
    record: at(S1),
    request: () => ({ query: { area: S1, from: '2026-01', to: '2026-12' } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'enf-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'generateBulletin',
    handler: generateBulletin,
    about: "this month's bulletin of street S1 (a draft, regenerated by each keeper)",
    record: at(S1),
    request: () => ({ method: 'POST', body: { area: S1, month: thisMonth } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'publishBulletin',
    handler: publishBulletin,
    about: "street S1's draft bulletin of 2026-01 (published by the first keeper; a retry answers it)",
    record: at(S1),
    request: async () => ({ method: 'POST', params: { id: await bulletinOfS1('2026-01', false) } }),
    expect: { anonymous: 401, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listBulletins',
    handler: listBulletins,
    about: "street S1's bulletins (published ones go down to its gridworkers)",
    record: at(S1),
    request: async () => {
      await bulletinOfS1('2026-02', true);
      return { query: { area: S1 } };
    },
    expect: { anonymous: 401, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'enf-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'getBulletin',
    handler: getBulletin,
    about: "street S1's published bulletin of 2026-02",
    record: at(S1),
    request: async () => ({ params: { id: await bulletinOfS1('2026-02', true) } }),
    expect: { anonymous: 401, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'enf-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'getBulletin',
    handler: getBulletin,
    about: "street S1's draft bulletin of 2026-03 (only its keepers)",
    record: at(S1),
    request: async () => ({ params: { id: await bulletinOfS1('2026-03', false) } }),
    expect: { anonymous: 401, 'gw-1': 404, 'dept-d': 404, 'enf-d': 404, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'bulletinFiles',
    handler: bulletinFiles,
    about: "street S1's published bulletin of 2026-02 as PDF and .xlsx",
    record: at(S1),
    request: async () => ({ params: { id: await bulletinOfS1('2026-02', true) } }),
    expect: { anonymous: 401, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'dept-d': 200, 'enf-d': 200, 'admin-s1': 200, 'admin-d': 200, 'sup-s2': 404, 'admin-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'mapPoints',
    handler: mapPoints,
    about: 'the map of street S1 (read only: nothing written)',
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, ...AREA_READERS_IN_S1, 'gw-1': 403, 'sup-s2': 403, 'admin-s2': 403 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'mapPoints',
    handler: mapPoints,
    about: "the map of the gridworker's own micro-grid M1 vs another's M2",
    record: GW1_OR_M2,
    request: (a) => ({ query: { area: a === 'gw-1' ? M1 : M2 } }),
    expect: { anonymous: 401, 'gw-1': 200, 'guar-s1': 403, 'sup-s1': 403, 'admin-s1': 403, 'sup-s2': 200, 'admin-s2': 200, 'sup-d': 200, 'dept-d': 200, 'enf-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'getCheckRules',
    handler: getCheckRules,
    about: "the district's check rules",
    record: at(D),
    request: () => ({ query: { district: fixture.paths.D } }),
    expect: { anonymous: 401, 'sup-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'setCheckRules',
    handler: setCheckRules,
    about: "the district's check rules",
    record: at(D),
    request: async () => {
      const { Item } = await deps().db.districtSettings.build(GetItemCommand).key({ district: fixture.paths.D, name: 'CHECKS' }).send();
      return { method: 'PUT', body: { district: fixture.paths.D, version: Item?.version ?? 0, rules: DEFAULT_CHECK_RULES } };
    },
    expect: { anonymous: 401, 'sup-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'getAssessmentWeights',
    handler: getAssessmentWeights,
    about: "the district's assessment weights",
    record: at(D),
    request: () => ({ query: { district: fixture.paths.D } }),
    expect: { anonymous: 401, 'sup-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'setAssessmentWeights',
    handler: setAssessmentWeights,
    about: "the district's assessment weights",
    record: at(D),
    request: async () => {
      const { Item } = await deps().db.districtSettings.build(GetItemCommand).key({ district: fixture.paths.D, name: 'ASSESSMENT' }).send();
      return { method: 'PUT', body: { district: fixture.paths.D, version: Item?.version ?? 0, weights: DEFAULT_ASSESSMENT_WEIGHTS } };
    },
    expect: { anonymous: 401, 'sup-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listAssessments',
    handler: listAssessments,
    about: "the assessment of street S1 (a gridworker asks for their own micro-grid M1: their row only)",
    record: (a) => at(a === 'gw-1' ? M1 : S1),
    request: (a) => ({ query: { area: a === 'gw-1' ? M1 : S1, from: '2026-01', to: '2026-12' } }),
    expect: { anonymous: 401, 'gw-1': 200, 'sup-s1': 200, 'sup-d': 200, 'admin-s1': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'getRewardRules',
    handler: getRewardRules,
    about: "the district's reward rules",
    record: at(D),
    request: () => ({ query: { district: fixture.paths.D } }),
    expect: { anonymous: 401, 'sup-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'setRewardRules',
    handler: setRewardRules,
    about: "the district's reward rules, from the version that stands",
    record: at(D),
    request: async () => {
      const { Item } = await deps().db.rewardRules.build(GetItemCommand).key({ district: fixture.paths.D, slot: 'CURRENT' }).send();
      return { method: 'PUT', body: { district: fixture.paths.D, version: Item?.version ?? 0, rules: MATRIX_RULES } };
    },
    expect: { anonymous: 401, 'sup-d': 200, 'admin-d': 200 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listMyRewards',
    handler: listMyRewards,
    about: "the caller's own rewards",
    record: CALLERS_OWN,
    request: () => ({}),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'myData',
    handler: myData,
    about: 'what we hold about the caller (我的数据)',
    record: CALLERS_OWN,
    request: () => ({}),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'subscribeNotices',
    handler: subscribeNotices,
    about: 'the subscribe messages the caller accepted in WeChat (their own counts only)',
    record: CALLERS_OWN,
    request: () => ({ method: 'POST', body: { id: ulid(), accepted: ['hazardOutcome', 'rewardOutcome'] } }),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'myCounts',
    handler: myCounts,
    about: "the counts on the caller's home, for their own roles and areas",
    record: CALLERS_OWN,
    request: () => ({}),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'rewardReceipt',
    handler: rewardReceipt,
    about: "pub-1's approved reward (not yet sent, so nothing to confirm)",
    record: at(M1, 'pub-1'),
    request: async () => ({ method: 'POST', params: { id: (await rewardAt('approved')).id } }),
    expect: { anonymous: 401, 'pub-1': 409 },
    otherwise: 404,
  },
  {
    route: 'listRewards',
    handler: listRewards,
    about: 'the rewards under street S1',
    record: at(S1),
    request: () => ({ query: { area: S1 } }),
    expect: { anonymous: 401, ...REWARD_KEEPERS },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'getReward',
    handler: getReward,
    about: "the reward of worker-1's anonymous report in M1",
    record: at(M1, 'worker-1'),
    request: () => ({ params: { id: workerHazard } }),
    expect: { anonymous: 401, ...REWARD_KEEPERS, 'sup-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'reviewReward',
    handler: reviewReward,
    about: "a fresh proposed reward in M1, rejected (gw-free's report: pub-1 is a stranger to it)",
    record: at(M1),
    request: async () => {
      const r = await rewardAt('proposed', 'gw-free');
      return { method: 'POST', params: { id: r.id }, body: { action: 'reject', reason: '不属于安全隐患', version: r.version } };
    },
    expect: { anonymous: 401, ...REWARD_KEEPERS, 'sup-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'payReward',
    handler: payReward,
    about: "a fresh approved reward in M1, paid by bank (gw-free's report: pub-1 is a stranger to it)",
    record: at(M1),
    request: async () => {
      const r = await rewardAt('approved', 'gw-free');
      return { method: 'POST', params: { id: r.id }, body: { channel: 'bank', voucherNo: 'ICBC-MATRIX', version: r.version } };
    },
    expect: { anonymous: 401, ...REWARD_KEEPERS, 'sup-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'syncRewardPayment',
    handler: syncRewardPayment,
    about: "the reward of worker-1's report in M1 (nothing running: answered as it stands)",
    record: at(M1, 'worker-1'),
    request: () => ({ method: 'POST', params: { id: workerHazard } }),
    expect: { anonymous: 401, ...REWARD_KEEPERS, 'sup-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'reverseReward',
    handler: reverseReward,
    about: "a fresh paid reward in M1, reversed (gw-free's report: pub-1 is a stranger to it)",
    record: at(M1),
    request: async () => {
      const r = await rewardAt('paid', 'gw-free');
      return { method: 'POST', params: { id: r.id }, body: { reason: '凭证登记错误', version: r.version } };
    },
    expect: { anonymous: 401, ...REWARD_KEEPERS, 'sup-s2': 404 },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'listPayouts',
    handler: listPayouts,
    about: "this month's payouts in street S1",
    record: at(S1),
    request: () => ({ query: { area: S1, from: thisMonth, to: thisMonth } }),
    expect: { anonymous: 401, ...REWARD_KEEPERS },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'exportPayouts',
    handler: exportPayouts,
    about: "this month's payouts in street S1, as .xlsx",
    record: at(S1),
    request: () => ({ method: 'POST', body: { area: S1, from: thisMonth, to: thisMonth } }),
    expect: { anonymous: 401, ...REWARD_KEEPERS },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'exportRewards',
    handler: exportRewards,
    about: 'the rewards under street S1, as .xlsx (reporters and amounts)',
    record: at(S1),
    request: () => ({ method: 'POST', body: { area: S1 } }),
    expect: { anonymous: 401, ...REWARD_KEEPERS },
    otherwise: SIGNED_IN_ROLE_REFUSED,
  },
  {
    route: 'locateArea',
    handler: locateArea,
    about: 'the grid of a point in M1',
    record: NOBODYS,
    request: () => ({ query: { lng: '117.1', lat: '36.2' } }),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
  {
    route: 'nearbyEnterprises',
    handler: nearbyEnterprises,
    about: 'businesses near a point in M1 (names and addresses only)',
    record: NOBODYS,
    request: () => ({ query: { lng: '117.1', lat: '36.2' } }),
    expect: { anonymous: 401 },
    otherwise: 200,
  },
];

/** Street S1's bulletin of a month, generated (and published) by its district supervisor once. */
const bulletinsOfS1 = new Map<string, Promise<string>>();
function bulletinOfS1(month: string, published: boolean): Promise<string> {
  if (!bulletinsOfS1.has(month)) {
    const actor = { userId: 'sup-d', grants: userById('sup-d').grants };
    bulletinsOfS1.set(
      month,
      generateBulletinUsecase(deps(), actor, { area: S1, month }).then(async ({ bulletin }) => {
        if (published) await publishBulletinUsecase(deps(), actor, bulletin.id);
        return bulletin.id;
      }),
    );
  }
  return bulletinsOfS1.get(month)!;
}

describe.each(cases)('$route — $about', (c) => {
  it.each(ACTORS.map((a) => [a, roleOf(a), relationOf(a, aboutOf(c, a))] as const))('%s (%s) × %s', async (actor) => {
    const expected = c.expect[actor] ?? c.otherwise;
    const token = actor === 'anonymous' ? undefined : await tokenFor(userById(actor));
    const request = await c.request(actor);
    const send = () => invoke(c.handler, { ...request, token });
    const res = expected < 300 ? await send() : await expectNothingWritten(send, c.spendsQuota ? isRateCounter : undefined);
    expect({ actor, status: res.status, body: expected < 300 ? undefined : res.body }).toMatchObject({ actor, status: expected });
    if (expected >= 300) {
      expect(res.body.error.code).toBeDefined();
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    } else if (actor !== 'anonymous') {
      expect({ actor, leaks: leaksIn(res.body, actor, aboutOf(c, actor).owners === 'caller') }).toEqual({ actor, leaks: [] });
    }
    // PDFs render inside the request: on a loaded 2-core runner that outlasts jest's default 5 s.
  }, 30_000);
});

it('covers every route of the contract that needs a token', async () => {
  const { api } = await import('@safegrid/shared');
  const signedIn = Object.entries(api)
    .filter(([, r]) => !('anonymous' in r))
    .map(([name]) => name);
  expect(new Set(cases.map((c) => c.route))).toEqual(new Set(signedIn));
});

it("answers each route's requests only as the scope its handler declares allows", () => {
  const outside = cases.flatMap((c) => {
    const { scope } = declarations.get(c.route)!;
    return ACTORS.filter((a) => (c.expect[a] ?? c.otherwise) < 300 && !ANSWERS[scope].includes(relationOf(a, aboutOf(c, a)))).map(
      (a) => `${c.route} (${scope}) — ${c.about}: ${a} × ${relationOf(a, aboutOf(c, a))} → ${c.expect[a] ?? c.otherwise}`,
    );
  });
  expect(outside).toEqual([]);
});

// The fixture has one district, so a district's settings have no sibling to be asked from.
it('tries every area-scoped route from a sibling area and from a stranger', () => {
  const untried = [...declarations]
    .filter(([route, { scope }]) => (scope === 'area' || scope === 'area or own') && cases.some((c) => c.route === route))
    .flatMap(([route]) => {
      const ofRoute = cases.filter((c) => c.route === route);
      const districtWide = ofRoute.every((c) => ACTORS.every((a) => aboutOf(c, a).area === D));
      return (districtWide ? (['unrelated'] as const) : (['sibling area', 'unrelated'] as const))
        .filter((relation) => !ofRoute.some((c) => ACTORS.some((a) => relationOf(a, aboutOf(c, a)) === relation)))
        .map((relation) => `${route}: ${relation}`);
    });
  expect(untried).toEqual([]);
});

afterAll(() => {
  const triples = new Set(cases.flatMap((c) => ACTORS.map((a) => `${c.route} × ${roleOf(a)} × ${relationOf(a, aboutOf(c, a))}`)));
  console.log(`authorization matrix: ${cases.length} cases × ${ACTORS.length} actors = ${cases.length * ACTORS.length} requests; ${triples.size} distinct route × role × relation`);
});
