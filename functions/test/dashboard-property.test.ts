/**
 * The dashboard after random sequences of state changes (property-based): reports,
 * the gridworker's moves, businesses created, reclassified, closed and moved to the other street,
 * all through the real handlers against DynamoDB Local. After each sequence the stored counters
 * equal a recount from the records, and the dashboard of the district and its streets shows the
 * recount's figures: the month's flow, the hazards' stock and the businesses by status, class and
 * industry.
 */
import fc from 'fast-check';
import { ulid } from 'ulid';
import { DASHBOARD_FLOW, ENTERPRISE_STATUSES, INDUSTRIES, STOCK_COUNTERS, periodOf, type EnterpriseFields } from '@safegrid/shared';
import { deps } from '../src/deps';
import { handler as createEnterprise } from '../src/handlers/createEnterprise';
import { handler as dashboard } from '../src/handlers/dashboard';
import { handler as getEnterprise } from '../src/handlers/getEnterprise';
import { handler as updateEnterprise } from '../src/handlers/updateEnterprise';
import { recountCounters } from '../src/usecases/recount';
import { D, M1, M2, S1, S2, inDays, move, seedHazard, token, uploadPhoto } from './hazard-support';
import { invoke, setupTable, uscc } from './support';

jest.setTimeout(240_000);

const month = periodOf(new Date().toISOString());
const GRIDWORKER = { [M1]: 'gw-1', [M2]: 'gw-2' } as Record<string, string>;
const CLASSES = ['A', 'B', 'C', 'D'] as const;

type Command =
  | { kind: 'report'; at: string }
  | { kind: 'move'; pick: number; action: 'confirm' | 'reject' | 'fixOnSpot' }
  | { kind: 'create'; at: string; riskClass: (typeof CLASSES)[number]; industry: (typeof INDUSTRIES)[number] }
  | { kind: 'update'; pick: number; changes: Partial<Pick<EnterpriseFields, 'riskClass' | 'industry' | 'status' | 'area'>> };

const area = fc.constantFrom(M1, M2);
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('report' as const), at: area }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), action: fc.constantFrom('confirm' as const, 'reject' as const, 'fixOnSpot' as const) }),
  fc.record({ kind: fc.constant('create' as const), at: area, riskClass: fc.constantFrom(...CLASSES), industry: fc.constantFrom(...INDUSTRIES) }),
  fc.record({
    kind: fc.constant('update' as const),
    pick: fc.nat(),
    changes: fc.record(
      { riskClass: fc.constantFrom(...CLASSES), industry: fc.constantFrom(...INDUSTRIES), status: fc.constantFrom(...ENTERPRISE_STATUSES), area },
      { requiredKeys: [] },
    ),
  }),
);

const hazards: { id: string; area: string }[] = [];
const businesses = ['ent-1', 'ent-2', 'ent-3'];
let n = 1000;

async function run(c: Command) {
  if (c.kind === 'report') {
    const h = await seedHazard('pub-1', { enterpriseId: c.at === M1 ? 'ent-1' : 'ent-3' });
    hazards.push({ id: h.id, area: h.area });
    return;
  }
  if (c.kind === 'move') {
    if (!hazards.length) return;
    const h = hazards[c.pick % hazards.length]!;
    const by = GRIDWORKER[h.area]!;
    const m =
      c.action === 'confirm'
        ? { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(7) }
        : c.action === 'reject'
          ? { action: 'reject', reason: '经现场核实，不属于隐患' }
          : { action: 'fixOnSpot', photos: [await uploadPhoto(by)], note: '已督促当场整改', category: '消防安全' };
    // A move the hazard's state does not allow is refused (409) and writes nothing; either way never a 5xx.
    expect((await move(by, h.id, m)).status).toBeLessThan(500);
    return;
  }
  const sup = await token('sup-d');
  if (c.kind === 'create') {
    const id = ulid();
    n++;
    const body = {
      id,
      uscc: uscc(n),
      name: `属性测试企业${n}`,
      kind: '企业',
      address: `测试路${n}号`,
      lng: 117.1,
      lat: 36.2,
      area: c.at,
      industry: c.industry,
      riskClass: c.riskClass,
      tags: [],
      status: '在营',
      legalRepresentative: '张三',
      contacts: [{ name: '李四', phone: '13900000001' }],
      employees: 5,
    };
    expect((await invoke(createEnterprise, { method: 'POST', token: sup, body })).status).toBe(200);
    businesses.push(id);
    return;
  }
  const id = businesses[c.pick % businesses.length]!;
  const { version } = (await invoke(getEnterprise, { token: sup, params: { id } })).body.enterprise;
  expect((await invoke(updateEnterprise, { method: 'PATCH', token: sup, params: { id }, body: { version, changes: c.changes } })).status).toBe(200);
}

beforeAll(async () => {
  await setupTable();
}, 120_000);

it('shows a recount of the records after any sequence of reports, moves and business changes', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 6 }), async (commands) => {
      for (const c of commands) await run(c);
      const { recount, differences } = await recountCounters(deps());
      expect(differences).toEqual([]);
      const res = await invoke(dashboard, { token: await token('sup-d'), query: { area: D, from: month, to: month } });
      expect(res.status).toBe(200);
      const top = res.body.areas[0];
      const count = (a: string, period: string, key: string) => recount[`${a}|${period}|${key}`] ?? 0;
      for (const row of [top, ...top.children]) {
        for (const k of DASHBOARD_FLOW) expect([row.area, k, row.flow[k]]).toEqual([row.area, k, count(row.area, month, k)]);
        for (const k of STOCK_COUNTERS) expect([row.area, k, row.stock[k]]).toEqual([row.area, k, count(row.area, 'STOCK', k)]);
        expect(row.enterprises.total).toBe(count(row.area, 'STOCK', 'enterprises'));
        for (const [s, v] of Object.entries(row.enterprises.byStatus)) expect(v).toBe(count(row.area, 'STOCK', `ent_status_${s}`));
        for (const [c, v] of Object.entries(row.enterprises.byClass)) expect(v).toBe(count(row.area, 'STOCK', `ent_class_${c}`));
        for (const [i, v] of Object.entries(row.enterprises.byIndustry)) expect(v).toBe(count(row.area, 'STOCK', `ent_industry_${i}`));
      }
      expect(top.children.map((c: { area: string }) => c.area).sort()).toEqual([S1, S2]);
      // Every business is in exactly one street.
      expect(top.children.reduce((sum: number, c: { enterprises: { total: number } }) => sum + c.enterprises.total, 0)).toBe(top.enterprises.total);
      expect(top.enterprises.total).toBe(businesses.length);
    }),
    { numRuns: 12 },
  );
});
