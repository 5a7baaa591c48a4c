/**
 * One bulletin with figures whose rates round differently down and half up (13/24 = 54.17 %, 2/13 = 15.38 %),
 * shared by the test of its PDF (functions/test/bulletin-figures.test.ts) and of its screen
 * (miniapp/test/bulletins.test.tsx): both must read the same strings.
 */
import { type Bulletin, DASHBOARD_FLOW, STOCK_COUNTERS, rectificationRate } from '../src';

const figures = (area: string, areaName: string, flow: Record<string, number>, stock: Record<string, number>) => {
  const f = {
    area,
    areaName,
    enterprises: { total: 0, byStatus: {}, byClass: {}, byIndustry: {} },
    flow: { ...Object.fromEntries(DASHBOARD_FLOW.map((k) => [k, 0])), ...flow },
    stock: { ...Object.fromEntries(STOCK_COUNTERS.map((k) => [k, 0])), ...stock },
  } as Bulletin['figures']['children'][number];
  const rate = rectificationRate(f.flow);
  return rate === undefined ? f : { ...f, rectificationRate: rate };
};

export const ROUNDING_BULLETIN: Bulletin = {
  id: '2026-11.370911',
  area: '370911',
  areaName: '示范区',
  month: '2026-11',
  state: 'published',
  stateLabel: '已发布',
  version: 2,
  generatedAt: '2026-11-28T01:00:00.000Z',
  generatedBy: 'schedule',
  generatedByName: '系统定时生成',
  publishedAt: '2026-11-28T02:00:00.000Z',
  publishedBy: 'u-sup',
  publishedByName: '李监管',
  overdueTotal: 0,
  refusedCount: 0,
  figures: {
    ...figures('370911', '示范区', { reported: 30, confirmed: 24, closed: 13, on_spot: 2, checks: 41 }, { overdue: 3, state_rectifying: 4, state_planning: 1, state_enforcing: 1 }),
    children: [
      { ...figures('370911/c1', '东关街道', { reported: 16, confirmed: 11, closed: 11 }, { overdue: 0 }), rank: 1 },
      { ...figures('370911/c2', '西关街道', { reported: 14, confirmed: 13, closed: 2 }, { overdue: 3 }), rank: 2 },
    ],
  },
  overdue: [],
  refused: [],
} as unknown as Bulletin;
