import type { Role } from '@safegrid/shared';

export const SIGN_IN_PAGE = '/pages/index/index';
export const HOME_PAGE = '/pages/home/index';
export const ME_PAGE = '/pages/me/index';

/** 隐私政策 and 我的数据 (PIPL: what we collect and why; see and save what we hold). */
export const PRIVACY_PAGES = {
  policy: '/packagePrivacy/pages/policy/index',
  data: '/packagePrivacy/pages/data/index',
} as const;

/** Each role's home page, grouped by subpackage. */
export const ROLE_HOME: Record<Role, string> = {
  gridworker: '/packageGridworker/pages/home/index',
  supervisor: '/packageSupervisor/pages/home/index',
  department: '/packageSupervisor/pages/home/index',
  enforcement: '/packageSupervisor/pages/home/index',
  guarantee_leader: '/packageSupervisor/pages/home/index',
  enterprise_owner: '/packageEnterprise/pages/home/index',
  worker: '/packageEnterprise/pages/home/index',
  public: '/packagePublic/pages/home/index',
  admin: '/packageAdmin/pages/home/index',
};

/** 人员管理 (`?area=&name=`): an admin's people. */
export const ADMIN_PAGES = { users: '/packageAdmin/pages/users/index' } as const;

/** Invitations (邀请): accepting one, issuing them, an owner's workers. */
export const ACCOUNT_PAGES = {
  /** `?scene=i%3D<id>` from a scanned mini-program code; without it, a code or the phone button. */
  invite: '/packageAccount/pages/invite/index',
  /** `?area=&name=` (an official's area) or `?enterpriseId=&enterpriseName=&role=enterprise_owner` (an enterprise's owner). */
  invitations: '/packageAccount/pages/invitations/index',
  /** `?enterpriseId=` (default: the owner's own). */
  workers: '/packageAccount/pages/workers/index',
  /** 我的 → 姓名: the user's own display name. */
  name: '/packageAccount/pages/name/index',
} as const;

/** The sign-in page lists demo users in H5 and whenever TARO_APP_DEV_LOGIN is 'true'. */
export function devLoginEnabled(): boolean {
  return process.env.TARO_ENV === 'h5' || process.env.TARO_APP_DEV_LOGIN === 'true';
}

/** The enterprise ledger (一企一档) and the red lines, shared by every role that reads the ledger. */
export const LEDGER_PAGES = {
  list: '/packageLedger/pages/list/index',
  detail: '/packageLedger/pages/detail/index',
  edit: '/packageLedger/pages/edit/index',
  create: '/packageLedger/pages/create/index',
  /** `?area=&name=`, or `?enterpriseId=&name=`: only the red lines naming that enterprise (its owner's 红线). */
  redLines: '/packageLedger/pages/redlines/index',
  /** `?area=&name=` (and `&id=` to edit): a red line's editor (supervisors, admins of the area). */
  redLine: '/packageLedger/pages/redline/index',
  import: '/packageLedger/pages/import/index',
} as const;

/** The hazard loop (随手拍 → 核实 → 整改 → 复查), shared by every role that takes part in it. */
export const HAZARD_PAGES = {
  /** `?mode=internal`: a worker's 内部报告 about their own enterprise. */
  report: '/packageHazard/pages/report/index',
  mine: '/packageHazard/pages/mine/index',
  /** `?id=` */
  detail: '/packageHazard/pages/detail/index',
  queue: '/packageHazard/pages/queue/index',
  /** `?area=&name=&state=`, or `?enterpriseId=&name=`: one enterprise's hazards (its owner's 企业隐患). */
  list: '/packageHazard/pages/list/index',
} as const;

/** Commitment letters (告知承诺): the owner reads and signs; gridworkers chase; supervisors see the rates. */
export const COMMITMENT_PAGES = {
  /** `?enterpriseId=` (default: the owner's own enterprise): what it owes this year and what it signed. */
  list: '/packageCommitment/pages/list/index',
  /** `?enterpriseId=`: read the owed letter, fill the self-check, sign by hand. */
  sign: '/packageCommitment/pages/sign/index',
  /** `?enterpriseId=&key=`: a signed letter as signed, its hash, 校验 and PDF. */
  signed: '/packageCommitment/pages/signed/index',
  /** `?area=`: enterprises that have not signed this year, with reminders. */
  unsigned: '/packageCommitment/pages/unsigned/index',
  /** `?area=&name=`: signing rates by child area and by industry. */
  rates: '/packageCommitment/pages/rates/index',
  /** `?area=&name=`: the letters signed in an area (this year or last, by industry), with 导出Excel. */
  ledger: '/packageCommitment/pages/ledger/index',
  /** The district's letters by colour, current versions (district supervisors, admins). */
  templates: '/packageCommitment/pages/templates/index',
  /** `?district=&id=` (or `&colour=` for a new one): edit a letter, preview it, publish its next version. */
  template: '/packageCommitment/pages/template/index',
  /** `?code=` (or `?scene=`): a letter's QR code text or its number; for anyone, signed in or not: 承诺书校验. */
  verify: '/packageCommitment/pages/verify/index',
} as const;

/** District settings kept by its supervisors and admins that have no other home. */
export const SETTINGS_PAGES = {
  /** `?district=`: 逾期升级 — the days overdue of 风险提醒函, 工作督办函 and 执法线索. */
  escalation: '/packageSupervisor/pages/escalation/index',
} as const;

/** Rewards for hazard reports (隐患报告奖励): the reporter's own, the supervisor's review and payment, the ledger, the rules. */
export const REWARD_PAGES = {
  /** The reporter's rewards (公众, 企业员工), with 确认收款 for a WeChat transfer. */
  mine: '/packageReward/pages/mine/index',
  /** `?area=&state=`: rewards to review and pay. */
  queue: '/packageReward/pages/queue/index',
  /** `?id=` */
  detail: '/packageReward/pages/detail/index',
  /** `?area=`: payouts and reversals by month. */
  payouts: '/packageReward/pages/payouts/index',
  /** `?district=`: the district's amounts and caps. */
  rules: '/packageReward/pages/rules/index',
} as const;

/** Site checks (带着清单下企业): who is owed a visit, the checklist on site, drafts kept on the phone, the record, coverage. */
export const CHECK_PAGES = {
  /** Enterprises the caller owes a visit this period, nearest first when located. */
  owed: '/packageGridworker/pages/owed/index',
  /** `?enterpriseId=&name=&kind=` (`kind=self`: the owner's 企业自查), or `?draft=` to continue a saved check. */
  check: '/packageGridworker/pages/check/index',
  /** Checks saved on the phone, not yet submitted. */
  drafts: '/packageGridworker/pages/drafts/index',
  /** `?id=`: a submitted check, with its PDF. */
  record: '/packageGridworker/pages/record/index',
  /** `?area=&name=`: coverage by child area and by gridworker, and the blind spots. */
  coverage: '/packageGridworker/pages/coverage/index',
  /** `?area=&name=`: 检查台账 — the checks of an area by month, kind and result, with 导出Excel; `?enterpriseId=&name=`: one enterprise's 检查记录. */
  ledger: '/packageGridworker/pages/checks/index',
  /** The district's checklist templates (district supervisors, admins). */
  templates: '/packageGridworker/pages/templates/index',
  /** `?district=&id=` (no id: a new template): edit a template and publish its next version. */
  template: '/packageGridworker/pages/template/index',
  /** How often each risk class is checked, the check-in distance, guarantee checks a month (district supervisors, admins). */
  rules: '/packageGridworker/pages/rules/index',
} as const;

/** The dashboard (一张表): an area's figures for a range of months and its child areas ranked. */
export const DASHBOARD_PAGES = {
  /** `?area=&name=` (default: the user's own areas): the area's figures, its children side by side; a child opens its own. */
  index: '/packageDashboard/pages/index/index',
  /** `?area=&name=`: 网格员考核 — each gridworker's metrics, score and suggested level; the guarantee leaders against their checks. */
  assessment: '/packageDashboard/pages/assessment/index',
  /** 考核权重: the district's weights and level lines (district supervisors and admins). */
  weights: '/packageDashboard/pages/weights/index',
  /** `?area=&name=`: the monthly bulletins (月通报) of an area; its keepers generate one for a month. */
  bulletins: '/packageDashboard/pages/bulletins/index',
  /** `?id=`: one bulletin, its sections, 发布 and the PDF / .xlsx. */
  bulletin: '/packageDashboard/pages/bulletin/index',
} as const;

/** 一张图: `?area=&name=` (default: the user's first area): the area's businesses on a map by risk class, with their open hazards. */
export const MAP_PAGE = '/packageMap/pages/index/index';
/** 区域管理 (admins): the area tree, boundaries drawn or imported, create, rename, deactivate. With the map's renderers, so in its subpackage. */
export const AREAS_PAGE = '/packageMap/pages/areas/index';

/** A page URL with its query; empty values are left out. */
export function pageUrl(page: string, query: Record<string, string | undefined> = {}): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`);
  return parts.length ? `${page}?${parts.join('&')}` : page;
}

/** A page query value: decoded once (WeChat and the H5 router differ on whether they decode). */
export function queryParam(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
