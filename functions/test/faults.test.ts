/**
 * Every state-changing route under injected DynamoDB faults (functions/test/faults.ts): throttling,
 * a cancelled transaction, a timeout before the write and a timeout after it (applied, reply lost),
 * thrown at each DynamoDB call of the request. Each run must leave the items it touched either as
 * they were or exactly as the finished request leaves them, answer with our error body, and the
 * same request sent again (same client id / version) must finish the job once: the items end as a
 * clean run leaves them and the counters match a recount.
 */
import { ulid } from 'ulid';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { DEFAULT_ASSESSMENT_WEIGHTS, DEFAULT_CHECK_RULES, DEFAULT_REWARD_RULES, api, rectangle, signaturePrefix, templateItems, type CheckTemplate, type RouteName, type User } from '@safegrid/shared';
import { deps, overrideDeps } from '../src/deps';
import { handler as assignGridworker } from '../src/handlers/assignGridworker';
import { handler as bindPhone } from '../src/handlers/bindPhone';
import { handler as updateMe } from '../src/handlers/updateMe';
import { handler as createArea } from '../src/handlers/createArea';
import { handler as updateArea } from '../src/handlers/updateArea';
import { handler as importBoundaries } from '../src/handlers/importBoundaries';
import { handler as createEnterprise } from '../src/handlers/createEnterprise';
import { handler as createHazardPhotoUpload } from '../src/handlers/createHazardPhotoUpload';
import { handler as createPhotoUpload } from '../src/handlers/createPhotoUpload';
import { handler as createRedLine } from '../src/handlers/createRedLine';
import { handler as createSignatureUpload } from '../src/handlers/createSignatureUpload';
import { handler as createUpload } from '../src/handlers/createUpload';
import { handler as acceptInvitation } from '../src/handlers/acceptInvitation';
import { handler as createInvitation } from '../src/handlers/createInvitation';
import { handler as removeWorker } from '../src/handlers/removeWorker';
import { handler as setUserStatus } from '../src/handlers/setUserStatus';
import { handler as updateInvitation } from '../src/handlers/updateInvitation';
import { handler as devLogin } from '../src/handlers/devLogin';
import { handler as exportChecks } from '../src/handlers/exportChecks';
import { handler as exportCommitments } from '../src/handlers/exportCommitments';
import { handler as exportEnterprises } from '../src/handlers/exportEnterprises';
import { handler as exportHazards } from '../src/handlers/exportHazards';
import { handler as exportPayouts } from '../src/handlers/exportPayouts';
import { handler as exportRewards } from '../src/handlers/exportRewards';
import { handler as generateBulletin } from '../src/handlers/generateBulletin';
import { handler as moveHazard } from '../src/handlers/moveHazard';
import { handler as payReward } from '../src/handlers/payReward';
import { handler as publishBulletin } from '../src/handlers/publishBulletin';
import { handler as publishCheckTemplate } from '../src/handlers/publishCheckTemplate';
import { handler as publishCommitmentTemplate } from '../src/handlers/publishCommitmentTemplate';
import { handler as remindCommitment } from '../src/handlers/remindCommitment';
import { handler as reportHazard } from '../src/handlers/reportHazard';
import { handler as reverseReward } from '../src/handlers/reverseReward';
import { handler as reviewReward } from '../src/handlers/reviewReward';
import { handler as rewardReceipt } from '../src/handlers/rewardReceipt';
import { handler as subscribeNotices } from '../src/handlers/subscribeNotices';
import { handler as setAssessmentWeights } from '../src/handlers/setAssessmentWeights';
import { handler as setCheckRules } from '../src/handlers/setCheckRules';
import { handler as setEscalationRules } from '../src/handlers/setEscalationRules';
import { handler as setGrants } from '../src/handlers/setGrants';
import { handler as setGridworkerLevel } from '../src/handlers/setGridworkerLevel';
import { handler as setRewardRules } from '../src/handlers/setRewardRules';
import { handler as signCommitment } from '../src/handlers/signCommitment';
import { handler as startImport } from '../src/handlers/startImport';
import { handler as submitCheck } from '../src/handlers/submitCheck';
import { handler as syncRewardPayment } from '../src/handlers/syncRewardPayment';
import { handler as transferNotice } from '../src/handlers/transferNotice';
import { handler as updateEnterprise } from '../src/handlers/updateEnterprise';
import { handler as updateRedLine } from '../src/handlers/updateRedLine';
import { handler as wechatEvents } from '../src/handlers/wechatEvents';
import { handler as wechatLogin } from '../src/handlers/wechatLogin';
import { createArea as createAreaUsecase } from '../src/usecases/areas';
import { generateBulletin as generateBulletinUsecase } from '../src/usecases/bulletins';
import { publishCheckTemplate as publishCheckTemplateUsecase } from '../src/usecases/checks';
import { createEnterprise as createEnterpriseUsecase } from '../src/usecases/ledger';
import { recountCounters } from '../src/usecases/recount';
import { payReward as payRewardUsecase, reviewReward as reviewRewardUsecase, setRewardRules as setRewardRulesUsecase } from '../src/usecases/rewards';
import { uploaderTag } from '../src/usecases/uploads';
import { createInvitation as createInvitationUsecase } from '../src/usecases/invitations';
import { pushSignature } from '../src/usecases/wechat-events';
import { signaturePng } from '../src/lib/png';
import { DEMO_CHECKLISTS } from '../../scripts/demo/checklists';
import { checkBody } from './check-support';
import { templateBody } from './commitment-support';
import { type Call, closeFaults, type Fault, type FaultKind, type Layer, Touched, applies, injected, withFaults } from './faults';
import { seedHazard, storedReportBody } from './hazard-support';
import { subscribe } from './notice-support';
import { type Request, fixture, invoke, payments, setupTable, tokenFor, userById, uscc, wechat } from './support';

jest.setTimeout(120_000);

const { D, S1, G1, M1 } = fixture.paths;
const actorOf = (id: string) => ({ userId: id, grants: made.get(id) ?? userById(id).grants });
const made = new Map<string, User['grants']>();
const as = async (id: string) => ({ token: await tokenFor(actorOf(id)) });
let n = 0;
const next = () => ++n;

/** A user of this file's own, e.g. the owner of a fresh enterprise. */
async function newUser(grants: User['grants'], homeArea: string): Promise<string> {
  const id = `fault-user-${next()}`;
  made.set(id, grants);
  await deps().db.users.build(PutItemCommand).item({ id, name: '故障测试用户', phone: '13712345678', openid: `local-openid-${id}`, grants, homeArea }).send();
  return id;
}

/** An invitation for a new guarantee leader of S1, with a phone of its own. */
// Sent to the phone newUser gives everyone, so the one who accepts it by code holds the same verified phone.
const invitationBody = () => ({ id: ulid(), name: '待邀请人员', phone: '13712345678', grant: { role: 'guarantee_leader' as const, area: S1 } });

/** A fresh enterprise (through the use case, so its stock counters count it) in M1. */
async function newEnterprise(industry = '工贸'): Promise<string> {
  const id = ulid();
  await createEnterpriseUsecase(deps(), actorOf('sup-d'), enterpriseBody(id, industry) as never);
  return id;
}
const enterpriseBody = (id: string, industry = '商贸') => ({
  id,
  uscc: uscc(5000 + next()),
  name: `故障测试企业${n}`,
  kind: '企业',
  address: `故障路${n}号`,
  lng: 117.1,
  lat: 36.2,
  area: M1,
  industry,
  riskClass: 'C',
  tags: [],
  status: '在营',
  legalRepresentative: '王五',
  contacts: [],
  employees: 3,
});

const { version: _v, ...defaultRewardRules } = DEFAULT_REWARD_RULES;
const OPEN_RULES = { ...defaultRewardRules, minIntervalDays: 0, monthlyCapFen: 10_000_000, yearlyCapFen: 10_000_000 };

/** A fresh reward of a confirmed public report about ent-1, taken as far as `stage`. */
async function rewardAt(stage: 'proposed' | 'approved' | 'paid' | 'paying') {
  const id = (await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1')).id;
  if (stage === 'proposed') return { id, version: 1 };
  const approved = await reviewRewardUsecase(deps(), actorOf('sup-s1'), id, { action: 'approve', amountFen: 5_000, version: 1 });
  if (stage === 'approved') return { id, version: approved.reward.version };
  const body = stage === 'paid' ? ({ channel: 'cash', voucherNo: 'XJ-FAULT', version: approved.reward.version } as const) : ({ channel: 'wechat', version: approved.reward.version } as const);
  const paid = await payRewardUsecase(deps(), actorOf('sup-s1'), id, body);
  return { id, version: paid.reward.version };
}

const settingsVersion = async (name: string) =>
  (await deps().db.districtSettings.build(GetItemCommand).key({ district: D, name }).options({ consistent: true }).send()).Item?.version ?? 0;

const thisMonth = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
/** A month of its own for each bulletin, so every generation makes a new draft. */
const pastMonth = () => {
  const i = next();
  return `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

let checkTemplate: CheckTemplate;
const CATERING = ulid();
let commitmentTemplate: { id: string; version: number };

interface Case {
  route: RouteName;
  handler: Parameters<typeof invoke>[0];
  /** Builds what the request needs (fresh each time) and the request itself, with its token. */
  request: () => Promise<Request>;
  /**
   * No client id: an edit named by the version it starts from, or a once-a-day reminder. Once the
   * first try went through, the same request again is refused with 409/429 (the client re-reads
   * and sees its change).
   */
  repeatRefused?: true;
}

/** POSTs that write nothing to DynamoDB but the caller's rate-limit spend (a clean run proves it): exports, upload URLs, sign-in as a demo user. */
const READ_ONLY: Case[] = [
  { route: 'devLogin', handler: devLogin, request: async () => ({ method: 'POST', body: { userId: 'gw-1' } }) },
  { route: 'exportEnterprises', handler: exportEnterprises, request: async () => ({ method: 'POST', ...(await as('sup-s1')), body: { area: S1 } }) },
  { route: 'exportHazards', handler: exportHazards, request: async () => ({ method: 'POST', ...(await as('sup-s1')), body: { area: S1 } }) },
  { route: 'exportCommitments', handler: exportCommitments, request: async () => ({ method: 'POST', ...(await as('sup-s1')), body: { area: S1 } }) },
  { route: 'exportChecks', handler: exportChecks, request: async () => ({ method: 'POST', ...(await as('sup-s1')), body: { area: S1 } }) },
  { route: 'exportPayouts', handler: exportPayouts, request: async () => ({ method: 'POST', ...(await as('sup-s1')), body: { area: S1, from: thisMonth, to: thisMonth } }) },
  { route: 'exportRewards', handler: exportRewards, request: async () => ({ method: 'POST', ...(await as('sup-s1')), body: { area: S1 } }) },
  { route: 'createPhotoUpload', handler: createPhotoUpload, request: async () => ({ method: 'POST', ...(await as('gw-1')), params: { id: 'ent-1' }, body: { contentType: 'image/jpeg', size: 1000 } }) },
  {
    route: 'createUpload',
    handler: createUpload,
    request: async () => ({ method: 'POST', ...(await as('admin-s1')), body: { purpose: 'census-import', fileName: '普查.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: 2048 } }),
  },
  { route: 'createHazardPhotoUpload', handler: createHazardPhotoUpload, request: async () => ({ method: 'POST', ...(await as('pub-1')), body: { contentType: 'image/jpeg', size: 1000 } }) },
  { route: 'createSignatureUpload', handler: createSignatureUpload, request: async () => ({ method: 'POST', ...(await as('owner-1')), body: { contentType: 'image/png', size: 2000 } }) },
  // Answers what the phone needs to confirm receipt; the money moves with the notice (transferNotice).
  {
    route: 'rewardReceipt',
    handler: rewardReceipt,
    request: async () => ({ method: 'POST', ...(await as('pub-1')), params: { id: (await rewardAt('paying')).id } }),
  },
];

/** The routes that change the table, each with a fresh request. */
const WRITES: Case[] = [
  { route: 'wechatLogin', handler: wechatLogin, request: async () => ({ method: 'POST', body: { code: `fault-${ulid()}` } }) },
  { route: 'bindPhone', handler: bindPhone, request: async () => ({ method: 'POST', ...(await as('pub-1')), body: { code: `phone:139${String(next()).padStart(8, '0')}` } }) },
  { route: 'updateMe', handler: updateMe, request: async () => ({ method: 'PUT', ...(await as('pub-1')), body: { name: `公众${next()}` } }) },
  { route: 'createArea', handler: createArea, request: async () => ({ method: 'POST', ...(await as('admin-s1')), body: { parent: G1, code: `f-${next()}`, name: '故障测试微网格', level: 'microgrid' } }) },
  {
    // A fresh micro-grid, renamed and given its boundary (one UpdateItem).
    route: 'updateArea',
    handler: updateArea,
    request: async () => {
      const area = await createAreaUsecase(deps(), actorOf('admin-s1'), { parent: G1, code: `u-${next()}`, name: '待改名微网格', level: 'microgrid' });
      return { method: 'PUT', ...(await as('admin-s1')), body: { path: area.path, name: '已改名微网格', boundary: rectangle(117.06, 36.16, 117.07, 36.17) } };
    },
  },
  {
    // A fresh micro-grid's boundary from a GeoJSON file already in storage (one feature: one UpdateItem; a file of many is finished by importing it again).
    route: 'importBoundaries',
    handler: importBoundaries,
    request: async () => {
      const area = await createAreaUsecase(deps(), actorOf('admin-s1'), { parent: G1, code: `b-${next()}`, name: '待导入边界微网格', level: 'microgrid' });
      const key = `boundaries/admin-s1/${ulid()}.geojson`;
      const file = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { path: area.path }, geometry: rectangle(117.08, 36.16, 117.09, 36.17) }] };
      await deps().storage.putBuffer(key, Buffer.from(JSON.stringify(file)), 'application/geo+json');
      return { method: 'POST', ...(await as('admin-s1')), body: { parent: G1, key } };
    },
  },
  {
    route: 'assignGridworker',
    handler: assignGridworker,
    request: async () => {
      const area = await createAreaUsecase(deps(), actorOf('admin-s1'), { parent: G1, code: `a-${next()}`, name: '待分配微网格', level: 'microgrid' });
      return { method: 'PUT', ...(await as('admin-s1')), body: { area: area.path, userId: 'gw-free' } };
    },
  },
  {
    route: 'setGrants',
    handler: setGrants,
    request: async () => {
      const id = await newUser([{ role: 'supervisor', area: S1 }], S1);
      return { method: 'PUT', ...(await as('admin-s1')), params: { id }, body: { grants: [{ role: 'guarantee_leader', area: S1 }] } };
    },
  },
  {
    route: 'setUserStatus',
    handler: setUserStatus,
    request: async () => ({ method: 'PUT', ...(await as('admin-s1')), params: { id: await newUser([{ role: 'supervisor', area: S1 }], S1) }, body: { active: false } }),
  },
  { route: 'createInvitation', handler: createInvitation, request: async () => ({ method: 'POST', ...(await as('admin-s1')), body: invitationBody() }) },
  {
    route: 'updateInvitation',
    handler: updateInvitation,
    request: async () => {
      const { invitation } = await createInvitationUsecase(deps(), actorOf('admin-s1'), invitationBody());
      return { method: 'PUT', ...(await as('admin-s1')), params: { id: invitation.id }, body: { action: 'revoke' } };
    },
  },
  {
    route: 'acceptInvitation',
    handler: acceptInvitation,
    request: async () => {
      const { invitation } = await createInvitationUsecase(deps(), actorOf('admin-s1'), invitationBody());
      return { method: 'POST', ...(await as(await newUser([{ role: 'public' }], 'public'))), body: { code: invitation.code } };
    },
  },
  {
    route: 'removeWorker',
    handler: removeWorker,
    repeatRefused: true,
    request: async () => ({ method: 'DELETE', ...(await as('owner-1')), params: { id: 'ent-1', userId: await newUser([{ role: 'worker', enterpriseId: 'ent-1' }], M1) } }),
  },
  {
    route: 'setGridworkerLevel',
    handler: setGridworkerLevel,
    request: async () => {
      const id = await newUser([{ role: 'gridworker', area: M1 }], G1);
      return { method: 'PUT', ...(await as('sup-s1')), params: { id }, body: { level: 3 } };
    },
  },
  { route: 'createEnterprise', handler: createEnterprise, request: async () => ({ method: 'POST', ...(await as('sup-s1')), body: enterpriseBody(ulid()) }) },
  {
    route: 'updateEnterprise',
    handler: updateEnterprise,
    repeatRefused: true,
    request: async () => {
      const id = await newEnterprise();
      return { method: 'PUT', ...(await as('sup-s1')), params: { id }, body: { version: 1, changes: { employees: 40, riskClass: 'A' } } };
    },
  },
  {
    route: 'startImport',
    handler: startImport,
    request: async () => {
      const key = `imports/admin-s1/${ulid()}.xlsx`;
      await deps().storage.putBuffer(key, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      return { method: 'POST', ...(await as('admin-s1')), body: { id: ulid(), key, fileName: '普查.xlsx' } };
    },
  },
  {
    route: 'createRedLine',
    handler: createRedLine,
    request: async () => ({ method: 'POST', ...(await as('sup-s1')), body: { id: ulid(), area: S1, title: '有限空间中毒窒息', factors: ['污水井'], enterpriseIds: [], ownerName: '李四', measures: ['先通风再检测后作业'] } }),
  },
  {
    route: 'updateRedLine',
    handler: updateRedLine,
    repeatRefused: true,
    request: async () => {
      const id = ulid();
      await deps().db.redLines.build(PutItemCommand).item({ id, area: S1, title: '燃气泄漏爆炸', factors: ['液化气钢瓶'], enterpriseIds: ['ent-1'], ownerName: '张三', measures: ['安装报警器'], version: 1 }).send();
      return { method: 'PUT', ...(await as('sup-s1')), params: { id }, body: { version: 1, changes: { measures: ['安装报警器', '每日巡查'] } } };
    },
  },
  {
    route: 'reportHazard',
    handler: reportHazard,
    // A reporter of its own each time: the daily report quota is not what is tested here.
    request: async () => {
      const reporter = await newUser([{ role: 'public' }], 'public');
      return { method: 'POST', ...(await as(reporter)), body: await storedReportBody(reporter) };
    },
  },
  {
    route: 'moveHazard',
    handler: moveHazard,
    request: async () => {
      const h = await seedHazard('pub-1', { enterpriseId: 'ent-1' });
      return { method: 'POST', ...(await as('gw-1')), params: { id: h.id }, body: { version: h.version, move: { action: 'confirm', level: '一般', category: '消防安全', deadline: '2099-01-01' } } };
    },
  },
  {
    route: 'setEscalationRules',
    handler: setEscalationRules,
    repeatRefused: true,
    request: async () => ({
      method: 'PUT',
      ...(await as('sup-d')),
      body: { district: D, version: await settingsVersion('ESCALATION'), steps: [{ kind: 'risk_letter', daysOverdue: 0 }, { kind: 'enforcement_clue', daysOverdue: 1 + (next() % 20) }] },
    }),
  },
  {
    route: 'publishCommitmentTemplate',
    handler: publishCommitmentTemplate,
    repeatRefused: true,
    // A new version of the 餐饮 letter each time (one letter per industry).
    request: async () => {
      const { Item } = await deps().db.currentTemplates.build(GetItemCommand).key({ id: CATERING, districtKey: D }).options({ consistent: true }).send();
      return { method: 'POST', ...(await as('sup-d')), body: templateBody({ id: CATERING, industries: ['餐饮'], title: '餐饮企业安全生产告知承诺书', baseVersion: Item?.version ?? 0 }) };
    },
  },
  {
    route: 'signCommitment',
    handler: signCommitment,
    request: async () => {
      const enterpriseId = await newEnterprise();
      const owner = await newUser([{ role: 'enterprise_owner', enterpriseId }], M1);
      const signatureKey = `${signaturePrefix(uploaderTag(deps(), owner))}${ulid()}.png`;
      await deps().storage.putBuffer(signatureKey, signaturePng(), 'image/png');
      const answers = [
        { itemId: 'q1', answer: 'yes' },
        { itemId: 'q2', answer: 'no', note: '两具灭火器过期，已联系更换' },
        { itemId: 'q3', answer: 'na' },
      ];
      const body = { templateId: commitmentTemplate.id, templateVersion: commitmentTemplate.version, answers, signatureKey, signerName: '企业主' };
      return { method: 'POST', ...(await as(owner)), params: { id: enterpriseId }, body };
    },
  },
  {
    route: 'remindCommitment',
    handler: remindCommitment,
    repeatRefused: true,
    // ent-1's owner accepted one more reminder in the app each time: a reminder that reaches nobody records nothing.
    request: async () => {
      await deps().db.reminders.build(DeleteItemCommand).key({ enterpriseId: 'ent-1' }).send();
      await subscribe('owner-1', ['commitmentDue']);
      return { method: 'POST', ...(await as('gw-1')), params: { id: 'ent-1' } };
    },
  },
  {
    // What the phone's subscribe dialog answered: a retry of the same answer (its id) counts once. A person of
    // its own each time, so the fixture's people stay unsubscribed and the other routes' messages take nothing.
    route: 'subscribeNotices',
    handler: subscribeNotices,
    request: async () => ({ method: 'POST', ...(await as(await newUser([{ role: 'public' }], 'public'))), body: { id: ulid(), accepted: ['hazardOutcome', 'rewardOutcome'] } }),
  },
  {
    route: 'setRewardRules',
    handler: setRewardRules,
    repeatRefused: true,
    request: async () => {
      const { Item } = await deps().db.rewardRules.build(GetItemCommand).key({ district: D, slot: 'CURRENT' }).options({ consistent: true }).send();
      return { method: 'PUT', ...(await as('sup-d')), body: { district: D, version: Item?.version ?? 0, rules: OPEN_RULES } };
    },
  },
  {
    route: 'reviewReward',
    handler: reviewReward,
    request: async () => {
      const r = await rewardAt('proposed');
      return { method: 'POST', ...(await as('sup-s1')), params: { id: r.id }, body: { action: 'approve', amountFen: 5_000, version: r.version } };
    },
  },
  {
    route: 'payReward',
    handler: payReward,
    request: async () => {
      const r = await rewardAt('approved');
      return { method: 'POST', ...(await as('sup-s1')), params: { id: r.id }, body: { channel: 'bank', voucherNo: 'ICBC-FAULT', version: r.version } };
    },
  },
  {
    route: 'syncRewardPayment',
    handler: syncRewardPayment,
    request: async () => {
      const { id } = await rewardAt('paying');
      payments.transfers.get([...payments.transfers.keys()].at(-1)!)!.state = 'success';
      return { method: 'POST', ...(await as('sup-s1')), params: { id } };
    },
  },
  {
    route: 'reverseReward',
    handler: reverseReward,
    request: async () => {
      const r = await rewardAt('paid');
      return { method: 'POST', ...(await as('sup-s1')), params: { id: r.id }, body: { reason: '凭证登记错误', version: r.version } };
    },
  },
  {
    route: 'transferNotice',
    handler: transferNotice,
    request: async () => {
      await rewardAt('paying');
      const bill = [...payments.transfers.keys()].at(-1)!;
      const notice = payments.notice({ ...payments.transfers.get(bill)!, state: 'success', billNo: `B${bill}` });
      return { method: 'POST', headers: notice.headers, rawBody: notice.body };
    },
  },
  {
    route: 'publishCheckTemplate',
    handler: publishCheckTemplate,
    repeatRefused: true,
    request: async () => ({ method: 'POST', ...(await as('sup-d')), body: { ...DEMO_CHECKLISTS[0]!, id: `fault-${next()}`, district: D, baseVersion: 0 } }),
  },
  {
    route: 'submitCheck',
    handler: submitCheck,
    request: async () => ({ method: 'POST', ...(await as('gw-1')), body: await checkBody('gw-1', checkTemplate, { fail: [firstItem()] }) }),
  },
  { route: 'generateBulletin', handler: generateBulletin, request: async () => ({ method: 'POST', ...(await as('sup-d')), body: { area: S1, month: pastMonth() } }) },
  {
    route: 'publishBulletin',
    handler: publishBulletin,
    request: async () => {
      const { bulletin } = await generateBulletinUsecase(deps(), actorOf('sup-d'), { area: S1, month: pastMonth() });
      return { method: 'POST', ...(await as('sup-d')), params: { id: bulletin.id } };
    },
  },
  {
    route: 'setCheckRules',
    handler: setCheckRules,
    repeatRefused: true,
    request: async () => ({ method: 'PUT', ...(await as('sup-d')), body: { district: D, version: await settingsVersion('CHECKS'), rules: DEFAULT_CHECK_RULES } }),
  },
  {
    route: 'setAssessmentWeights',
    handler: setAssessmentWeights,
    repeatRefused: true,
    request: async () => ({ method: 'PUT', ...(await as('sup-d')), body: { district: D, version: await settingsVersion('ASSESSMENT'), weights: DEFAULT_ASSESSMENT_WEIGHTS } }),
  },
  {
    route: 'wechatEvents',
    handler: wechatEvents,
    request: async () => {
      await seedHazard('pub-1');
      const check = wechat.imageChecks.at(-1)!;
      const body = { Event: 'wxa_media_check', trace_id: check.traceId, result: { suggest: 'risky' } };
      return { method: 'POST', query: { signature: pushSignature('local-push-token', '1', '2'), timestamp: '1', nonce: '2' }, body };
    },
  },
];
const firstItem = () => templateItems(checkTemplate).find((i) => i.kind === 'passfail')!.id;

/** The routes where every write is also faulted inside the SDK's retries and with every kind. */
const THOROUGH = new Set<RouteName>(['reportHazard', 'moveHazard', 'signCommitment', 'submitCheck', 'reviewReward', 'payReward']);
/** FAULTS=full: every call of every route with every kind (slow: minutes per route on a busy machine). */
const FULL = process.env.FAULTS === 'full';

/** A small seeded generator, so a failing sample is the same sample next run. */
function seeded(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
}

type State = Map<string, Record<string, AttributeValue> | undefined>;
/** Attribute maps with sorted keys, so equal items compare equal. */
const canon = (v: unknown): string =>
  v === undefined ? 'absent' : JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
/** What a request did, by kind of item: e.g. ['Counter', 'Counter', 'Hazard', 'HazardEvent', 'Reward']. */
function changesOf(before: State, after: State): string[] {
  const out: string[] = [];
  for (const [id, b] of before) {
    const a = after.has(id) ? after.get(id) : b;
    if (canon(a) === canon(b)) continue;
    const kind = (a ?? b)?._et?.S ?? id.split('#')[0]!;
    out.push(a ? kind : `${kind} (deleted)`);
  }
  return out.sort();
}

const OK_FAULT_STATUSES = new Set([409, 429, 500, 503]);
const hasErrorBody = (body: any) => typeof body?.error?.code === 'string' && /[\u4e00-\u9fa5]/.test(body.error.message ?? '');

beforeAll(async () => {
  await setupTable();
  // The census worker runs elsewhere; starting it is all startImport does with it.
  overrideDeps({ importRunner: { start: async () => undefined } });
  for (const id of ['pub-1', 'owner-1']) await deps().db.users.build(PutItemCommand).item({ ...userById(id), openid: `local-openid-${id}` }).send();
  await setRewardRulesUsecase(deps(), actorOf('sup-d'), { district: D, rules: OPEN_RULES, version: 0 });
  checkTemplate = (await publishCheckTemplateUsecase(deps(), actorOf('sup-d'), { ...DEMO_CHECKLISTS[1]!, district: D, baseVersion: 0 })).template;
  const published = await invoke(publishCommitmentTemplate, { method: 'POST', ...(await as('sup-d')), body: templateBody() });
  commitmentTemplate = published.body.template;
  payments.outcome = 'confirm';
}, 60_000);

afterAll(() => {
  closeFaults();
  console.log(`DynamoDB faults injected: ${injected.count}`);
});

it('lists every POST and PUT of the contract as a write or as read-only', () => {
  const listed = [...WRITES, ...READ_ONLY].map((c) => c.route).sort();
  const nonGet = Object.entries(api)
    .filter(([, r]) => r.method !== 'GET')
    .map(([name]) => name)
    .sort();
  expect(listed).toEqual(nonGet);
});

describe.each(READ_ONLY)('$route (read-only)', (c) => {
  it('writes nothing to DynamoDB', async () => {
    const req = await c.request();
    const { result, calls } = await withFaults(undefined, undefined, () => invoke(c.handler, req));
    expect(result.status).toBe(200);
    // The caller's rate-limit spend is the one write allowed: it is what makes the route cost something.
    expect(calls.flatMap((call) => call.keys).filter((k) => !k.pk!.S!.startsWith('LIMIT#'))).toEqual([]);
  });
});

/** One request with `fault`, then the same again without: what each left and answered. */
async function faultedThenRetried(c: Case, fault: Fault | undefined, req: Request) {
  const touched = new Touched();
  // The 500s are logged by the HTTP stack; here they are expected and counted, not read.
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const first = await withFaults(fault, touched, () => invoke(c.handler, req)).finally(() => quiet.mockRestore());
  const afterFirst = await touched.now();
  const retry = fault ? await withFaults(undefined, touched, () => invoke(c.handler, req)) : undefined;
  // Items only the retry wrote stood after the first try as they did before it.
  for (const [id, item] of touched.before) if (!afterFirst.has(id)) afterFirst.set(id, item);
  return { first, retry, before: touched.before, afterFirst, afterRetry: await touched.now() };
}

describe.each(WRITES)('$route under faults', (c) => {
  let clean: { calls: Call[]; changes: string[] };

  it('runs cleanly and changes the table', async () => {
    // Once to fill the caches a container keeps (areas for locating), so the calls counted are the ones every later run makes.
    expect((await invoke(c.handler, await c.request())).status).toBe(200);
    const req = await c.request();
    const { first, before, afterFirst } = await faultedThenRetried(c, undefined, req);
    expect({ status: first.result.status, body: first.result.status < 300 ? undefined : first.result.body }).toEqual({ status: 200, body: undefined });
    clean = { calls: first.calls, changes: changesOf(before, afterFirst) };
    expect(clean.changes.length).toBeGreaterThan(0);
  });

  // Long: a few seconds per faulted request on a busy machine, and a test that timed out would keep sending requests into the next one.
  it('leaves nothing half done, and the same request again finishes the job once', async () => {
    const random = seeded(c.route.length * 7919);
    const plan: (Fault & { at: number })[] = [];
    const add = (i: number, kinds: FaultKind[], layer: Layer = 'outside') => {
      for (const kind of kinds) if (applies(kind, clean.calls[i]!.command)) plan.push({ kind, at: i + 1, layer });
    };
    const writes = clean.calls.map((call, i) => (call.keys.length ? i : -1)).filter((i) => i >= 0);
    const reads = clean.calls.map((call, i) => (call.keys.length ? -1 : i)).filter((i) => i >= 0);
    if (FULL) {
      for (const i of reads) add(i, ['throttle']);
      for (const i of writes) add(i, ['throttle', 'cancel', 'timeout-before', 'timeout-after']);
      for (const i of writes) add(i, ['throttle', 'timeout-after'], 'inside');
    } else if (THOROUGH.has(c.route)) {
      // Before the first write every fault is the same to the use case (an error from a read): one read, drawn with a fixed seed.
      add(reads[Math.floor(random() * reads.length)]!, ['throttle']);
      for (const i of writes) add(i, ['throttle', 'cancel', 'timeout-before', 'timeout-after']);
      // Inside the SDK's retries a lost reply is sent again by the SDK itself.
      for (const i of writes) add(i, ['timeout-after'], 'inside');
    } else {
      // The nasty case at every write, and one fault that keeps the first write from happening.
      for (const i of writes) add(i, ['timeout-after']);
      add(writes[0]!, [clean.calls[writes[0]!]!.command === 'TransactWriteItemsCommand' ? 'cancel' : 'throttle']);
    }

    const findings: string[] = [];
    for (const fault of plan) {
      const req = await c.request();
      const run = await faultedThenRetried(c, fault, req);
      const hit = run.first.calls.find((call) => call.fault);
      if (!hit) continue;
      const what = `${fault.kind}@${fault.at} ${fault.layer} (${hit.command})`;
      const status = run.first.result.status;
      if (status >= 300 && !(OK_FAULT_STATUSES.has(status) && hasErrorBody(run.first.result.body))) {
        findings.push(`${what}: answered ${status} ${JSON.stringify(run.first.result.body)}`);
      }
      // Fully applied: the first try changed the same items a clean run changes (a retry may write them again, e.g. a regenerated draft).
      const changedFirst = changesOf(run.before, run.afterFirst);
      if (changedFirst.length > 0 && changedFirst.join() !== clean.changes.join()) {
        findings.push(`${what}: half done (${changedFirst.join(', ')}); a clean run: ${clean.changes.join(', ')}`);
      }
      // A first try that answered 2xx is done: the same request again is a second one, and may be refused.
      const retryStatus = run.retry!.result.status;
      const firstDone = status < 300 || (c.repeatRefused && changedFirst.length > 0);
      const retryOk = retryStatus === 200 || (firstDone && (retryStatus === 409 || retryStatus === 429) && hasErrorBody(run.retry!.result.body));
      if (!retryOk) findings.push(`${what}: the retry answered ${retryStatus} ${JSON.stringify(run.retry!.result.body)}`);
      const finalChanges = changesOf(run.before, run.afterRetry);
      if (finalChanges.join() !== clean.changes.join()) findings.push(`${what}: after the retry ${finalChanges.join(', ')}; a clean run: ${clean.changes.join(', ')}`);
    }
    const { differences } = await recountCounters(deps());
    expect({ findings, differences }).toEqual({ findings: [], differences: [] });
  }, 900_000);
});

describe('regressions found by the sweep', () => {
  it('stores a report and the records of its photo checks together: a lost reply leaves both, and the retry adds nothing', async () => {
    const req = await WRITES.find((c) => c.route === 'reportHazard')!.request();
    const run = await faultedThenRetried(WRITES.find((c) => c.route === 'reportHazard')!, { kind: 'timeout-after', at: 'TransactWriteItemsCommand' }, req);
    expect([run.first.result.status, run.retry!.result.status]).toEqual([500, 200]);
    expect(changesOf(run.before, run.afterFirst)).toContain('MediaCheck');
    expect(changesOf(run.afterFirst, run.afterRetry)).toEqual([]);
  });

  it('sends a reminder whose first try was recorded but failed before the messages went out, once', async () => {
    const c = WRITES.find((w) => w.route === 'remindCommitment')!;
    const req = await c.request();
    const sent = wechat.sent.length;
    const run = await faultedThenRetried(c, { kind: 'timeout-after', at: 'TransactWriteItemsCommand' }, req);
    expect([run.first.result.status, run.retry!.result.status]).toEqual([500, 200]);
    expect(run.retry!.result.body.sent).toBeGreaterThan(0);
    expect(wechat.sent.length - sent).toBe(run.retry!.result.body.sent);
    // Sent now: the same sender again today is refused.
    expect((await invoke(c.handler, req)).status).toBe(429);
  });

  it('blocks a flagged photo on the hazard and in its own item together, once', async () => {
    const c = WRITES.find((w) => w.route === 'wechatEvents')!;
    const req = await c.request();
    const run = await faultedThenRetried(c, { kind: 'timeout-after', at: 'TransactWriteItemsCommand' }, req);
    expect([run.first.result.status, run.retry!.result.status]).toEqual([500, 200]);
    expect(changesOf(run.before, run.afterFirst)).toEqual(['BlockedPhoto', 'Hazard']);
    expect(changesOf(run.afterFirst, run.afterRetry)).toEqual([]);
  });
});
