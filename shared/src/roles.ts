/** Roles a user may hold; a user may hold several, each with its own scope. */
export const ROLES = [
  'public',
  'worker',
  'enterprise_owner',
  'gridworker',
  'guarantee_leader',
  'supervisor',
  'department',
  'enforcement',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  public: '公众',
  worker: '企业员工',
  enterprise_owner: '企业负责人',
  gridworker: '网格员',
  guarantee_leader: '包保责任人',
  supervisor: '监管人员',
  department: '行业部门',
  enforcement: '执法人员',
  admin: '管理员',
};

/** What a role's scope is made of: an area path, an enterprise, or only the user themself. */
export const ROLE_SCOPE: Record<Role, 'self' | 'enterprise' | 'area'> = {
  public: 'self',
  worker: 'enterprise',
  enterprise_owner: 'enterprise',
  gridworker: 'area',
  guarantee_leader: 'area',
  supervisor: 'area',
  department: 'area',
  enforcement: 'area',
  admin: 'area',
};
