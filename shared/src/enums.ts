export const INDUSTRIES = ['工贸', '建筑', '文旅', '商贸', '服务业', '危化品', '燃气', '交通运输', '餐饮', '教育'] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** The district chooses one of the two scales; the demo district uses A/B/C/D. */
export const RISK_CLASSES = ['A', 'B', 'C', 'D', '红', '橙', '黄', '蓝', '绿'] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

export const SPECIAL_TAGS = ['涉爆粉尘', '有限空间', '涉氨制冷', '燃气使用', '重大危险源', '人员密集', '九小场所'] as const;
export type SpecialTag = (typeof SPECIAL_TAGS)[number];

export const ENTERPRISE_KINDS = ['企业', '个体工商户'] as const;
export type EnterpriseKind = (typeof ENTERPRISE_KINDS)[number];

export const ENTERPRISE_STATUSES = ['在营', '停业', '注销'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

export const AREA_LEVELS = ['district', 'street', 'community', 'grid', 'microgrid'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];
export const AREA_LEVEL_LABELS: Record<AreaLevel, string> = {
  district: '区',
  street: '街道',
  community: '社区',
  grid: '网格',
  microgrid: '微网格',
};

export const GRIDWORKER_LEVELS = [1, 2, 3] as const;
export type GridworkerLevel = (typeof GRIDWORKER_LEVELS)[number];
