import type { EnterpriseSummary, EnterpriseView, HistoryEntry } from '@safegrid/shared';

export const gridworker = {
  id: 'u-gw',
  name: '王网格',
  gridworkerLevel: 3 as const,
  grants: [{ role: 'gridworker' as const, roleLabel: '网格员', area: '370911/c1/g1', areaName: '第一网格' }],
};
export const owner = {
  id: 'u-own',
  name: '赵老板',
  grants: [{ role: 'enterprise_owner' as const, roleLabel: '企业负责人', enterpriseId: 'e1', enterpriseName: '泰安市安达化工有限公司' }],
};
export const department = {
  id: 'u-dep',
  name: '孙部门',
  grants: [{ role: 'department' as const, roleLabel: '行业部门', area: '370911', areaName: '示范区' }],
};

export function summary(i: number, over: Partial<EnterpriseSummary> = {}): EnterpriseSummary {
  return {
    id: `e${i}`,
    name: `企业${i}号`,
    kind: '企业',
    address: `幸福路${i}号`,
    area: '370911/c1/g1',
    industry: '工贸',
    riskClass: 'C',
    tags: [],
    status: '在营',
    verifiedAt: '2026-11-01T00:00:00.000Z',
    updateDue: false,
    ...over,
  };
}

export function view(over: Partial<EnterpriseView> = {}): EnterpriseView {
  return {
    ...summary(1),
    name: '泰安市安达化工有限公司',
    uscc: '91370900MA3C5XXX0X',
    industry: '危化品',
    riskClass: 'A',
    tags: ['重大危险源', '有限空间'],
    lng: 117.089,
    lat: 36.198,
    areaName: '第一网格',
    legalRepresentative: '钱法人',
    safetyManager: { name: '周安全', phone: '139****0001', title: '安全员' },
    contacts: [{ name: '吴联系', phone: '13800000002', title: '办公室主任' }],
    employees: 120,
    guaranteeLeaderId: 'u-gl',
    guaranteeLeaderName: '郑包保',
    photos: [],
    version: 3,
    editable: [],
    ...over,
  };
}

export const history: HistoryEntry[] = [
  {
    at: '2026-11-20T06:03:00.000Z',
    byId: 'u-gw',
    byName: '王网格',
    kind: 'update',
    changes: [{ field: 'employees', label: '从业人数', from: '100', to: '120' }],
  },
  { at: '2026-10-01T02:00:00.000Z', byId: 'u-adm', byName: '管理员甲', kind: 'import', changes: [] },
];

export const supervisor = {
  id: 'u-sup',
  name: '李监管',
  grants: [{ role: 'supervisor' as const, roleLabel: '监管人员', area: '370911', areaName: '示范区' }],
};
