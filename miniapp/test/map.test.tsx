/**
 * 一张图 (packageMap) in the H5 build: the offline map draws the points coloured by class and the
 * clusters with their counts, a filter asks the API again, a tap on a cluster zooms in, a tap on a
 * business opens its card with its links; the entries on the homes and the dashboard. Also the
 * projection, fit, scale bar and cluster helpers.
 */
import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ComponentType } from 'react';
import { DASHBOARD_FLOW, STOCK_COUNTERS, boundsOf, type MapPoint, type ResponseOf, type UserView } from '@safegrid/shared';
import { RISK_BACKGROUNDS as RISK_COLOURS } from '../src/lib/labels';
import MapPage from '../src/packageMap/pages/index/index';
import Dashboard from '../src/packageDashboard/pages/index/index';
import HazardList from '../src/packageHazard/pages/list/index';
import SupervisorHome from '../src/packageSupervisor/pages/home/index';
import AdminHome from '../src/packageAdmin/pages/home/index';
import GridworkerHome from '../src/packageGridworker/pages/home/index';
import { bboxOf, clusterIndex, expandCluster, featuresIn, fitView, pan, project, scaleBar, unproject, type Cluster } from '../src/packageMap/lib';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { gridworker, setRoute, summary } from './hazard-fixtures';
import { supervisor } from './reward-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const point = (id: string, lat: number, lng: number, over: Partial<MapPoint> = {}): MapPoint => ({
  id,
  name: `企业${id}`,
  lat,
  lng,
  riskClass: 'C',
  industry: '工贸',
  openHazards: 0,
  overdueHazards: 0,
  ...over,
});
// Three far apart, five in a huddle (a few hundred metres across): one bubble until zoomed in.
const far = [
  point('a', 36.2, 117.1, { riskClass: 'A', name: '泰山化工有限公司', openHazards: 3, overdueHazards: 1 }),
  point('b', 36.25, 117.2, { riskClass: 'B' }),
  point('d', 36.15, 117.05, { riskClass: 'D', industry: '餐饮' }),
];
const huddle = [0, 1, 2, 3, 4].map((i) => point(`h${i}`, 36.22, 117.15 + i * 0.002, { riskClass: i === 4 ? 'A' : 'C', openHazards: 1 }));
const POINTS = [...far, ...huddle];
const answer = (points: MapPoint[], area = '370911'): ResponseOf<'mapPoints'> => ({ area, ...(points.length ? { bounds: boundsOf(points)! } : {}), points, total: points.length });

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
const queries = (sent: Sent[]) => sent.filter((s) => new URL(s.url).pathname === '/map').map((s) => Object.fromEntries(new URL(s.url).searchParams));
const navigate = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
/** The first element matching, once it is there. */
const found = (root: ParentNode, selector: string) =>
  waitFor(() => {
    const el = root.querySelector(selector);
    expect(el).toBeTruthy();
    return el as HTMLElement;
  });
const chip = (container: HTMLElement, filter: string, label: string) =>
  [...container.querySelectorAll(`.mp-filter-${filter} .choice`)].find((c) => c.textContent === label) as HTMLElement;

async function open(points = POINTS) {
  signIn(supervisor);
  const sent = stubNetwork({ 'GET /map': (s) => ({ statusCode: 200, data: answer(points.filter((p) => !new URL(s.url).searchParams.get('riskClass') || p.riskClass === new URL(s.url).searchParams.get('riskClass'))) }) });
  const view = render(<MapPage />);
  await waitFor(() => expect(view.container.querySelector('.mp-box')).toBeTruthy());
  return { ...view, sent };
}

describe('the H5 map', () => {
  it('draws the businesses coloured by class and the huddle as one bubble with its count, offline', async () => {
    const { container, sent } = await open();
    expect(queries(sent)).toEqual([{ area: '370911' }]);
    // Only the API was asked: no tile, no other request.
    expect(sent.map((s) => new URL(s.url).pathname)).toEqual(['/map']);
    const markers = [...container.querySelectorAll('.mp-marker')] as HTMLElement[];
    expect(markers.map((m) => m.getAttribute('data-id')).sort()).toEqual(['a', 'b', 'd']);
    for (const [id, cls] of [['a', 'A'], ['b', 'B'], ['d', 'D']] as const) {
      const m = container.querySelector(`.mp-marker[data-id="${id}"]`) as HTMLElement;
      expect(m.classList.contains(`mp-class-${cls}`)).toBe(true);
      expect(m.style.background).toBe(rgb(RISK_COLOURS[cls]));
    }
    // a's open hazards as a badge, its overdue one as a ring.
    const a = container.querySelector('.mp-marker[data-id="a"]')!;
    expect(a.querySelector('.mp-badge')?.textContent).toBe('3');
    expect(a.classList.contains('mp-marker-overdue')).toBe(true);
    const bubbles = [...container.querySelectorAll('.mp-cluster')] as HTMLElement[];
    expect(bubbles.map((b) => b.textContent)).toEqual(['5']);
    // The bubble wears its most severe member's colour (one of the five is class A).
    expect(bubbles[0]!.style.borderColor).toBe(rgb(RISK_COLOURS.A));
    expect(container.querySelector('.mp-summary')?.textContent).toBe('共 8 家企业，未整改隐患 8 处，逾期 1 处');
    // Legend: the classes on this map; a scale bar with a round length.
    expect([...container.querySelectorAll('.mp-legend-item')].map((l) => l.textContent)).toEqual(['A类', 'B类', 'C类', 'D类', '聚合（数字为企业数）']);
    expect(container.querySelector('.mp-scale-label')?.textContent).toMatch(/^(1|2|5)(0*) (米|公里)$/);
  });

  it('a tap on a bubble zooms in where it breaks up; tapping on, its businesses stand apart', async () => {
    const { container } = await open();
    const zoom = () => Number(container.querySelector('.mp-zoom')!.textContent!.replace('级', ''));
    const before = zoom();
    fireEvent.click(container.querySelector('.mp-cluster')!);
    await waitFor(() => expect(zoom()).toBeGreaterThan(before));
    expect([...container.querySelectorAll('.mp-cluster')].map((b) => b.textContent)).not.toContain('5');
    for (let taps = 0; taps < 5 && container.querySelector('.mp-cluster'); taps++) {
      const z = zoom();
      fireEvent.click(container.querySelector('.mp-cluster')!);
      await waitFor(() => expect(zoom()).toBeGreaterThan(z));
    }
    expect(container.querySelectorAll('.mp-cluster')).toHaveLength(0);
    const shown = [...container.querySelectorAll('.mp-marker')].map((m) => m.getAttribute('data-id'));
    for (const h of huddle) expect(shown).toContain(h.id);
    // 全部 fits the whole area again: the bubble is back.
    fireEvent.click(container.querySelector('.mp-fit')!);
    await waitFor(() => expect(container.querySelectorAll('.mp-cluster')).toHaveLength(1));
    expect(container.querySelector('.mp-zoom')!.textContent).toBe(`${before}级`);
  });

  it('zooms with the buttons', async () => {
    const { container } = await open();
    const zoom = () => container.querySelector('.mp-zoom')!.textContent;
    const before = zoom();
    fireEvent.click(container.querySelector('.mp-zoom-in')!);
    expect(zoom()).toBe(`${Number(before!.replace('级', '')) + 1}级`);
    fireEvent.click(container.querySelector('.mp-zoom-out')!);
    fireEvent.click(container.querySelector('.mp-zoom-out')!);
    expect(zoom()).toBe(`${Number(before!.replace('级', '')) - 1}级`);
  });

  it('a tap on a business opens its card, with its file and its hazards', async () => {
    const nav = navigate();
    const { container } = await open();
    fireEvent.click(container.querySelector('.mp-marker[data-id="a"]')!);
    const card = await found(container, '.mp-card');
    expect(card.querySelector('.mp-card-name')?.textContent).toBe('泰山化工有限公司');
    expect(card.querySelector('.mp-card-class')?.textContent).toBe('风险等级：A类');
    expect(card.querySelector('.mp-card-open')?.textContent).toBe('未整改隐患：3 处');
    expect(card.querySelector('.mp-card-overdue')?.textContent).toBe('逾期：1 处');
    expect(container.querySelector('.mp-marker[data-id="a"]')!.classList.contains('mp-marker-on')).toBe(true);
    fireEvent.click(card.querySelector('.mp-card-ledger')!);
    expect(nav).toHaveBeenLastCalledWith({ url: '/packageLedger/pages/detail/index?id=a' });
    fireEvent.click(card.querySelector('.mp-card-hazards')!);
    expect(nav).toHaveBeenLastCalledWith({ url: `/packageHazard/pages/list/index?enterpriseId=a&name=${encodeURIComponent('泰山化工有限公司')}` });
    fireEvent.click(card.querySelector('.mp-card-close')!);
    expect(container.querySelector('.mp-card')).toBeNull();
  });

  it('a filter asks again and draws only what came back; 全部 clears it', async () => {
    const { container, sent } = await open();
    fireEvent.click(chip(container, 'class', 'A类'));
    await waitFor(() => expect(queries(sent)).toHaveLength(2));
    expect(queries(sent)[1]).toEqual({ area: '370911', riskClass: 'A' });
    await waitFor(() => expect(container.querySelector('.mp-summary')?.textContent).toBe('共 2 家企业，未整改隐患 4 处，逾期 1 处'));
    expect([...container.querySelectorAll('.mp-marker')].map((m) => m.getAttribute('data-id')).sort()).toEqual(['a', 'h4']);
    fireEvent.click(chip(container, 'industry', '餐饮'));
    fireEvent.click(chip(container, 'tag', '有限空间'));
    await waitFor(() => expect(queries(sent)).toHaveLength(4));
    expect(queries(sent)[3]).toEqual({ area: '370911', riskClass: 'A', industry: '餐饮', tag: '有限空间' });
    await waitFor(() => expect(container.querySelector('.mp-summary')?.textContent).toMatch(/^共 \d+ 家企业/));
    fireEvent.click(chip(container, 'class', '全部'));
    await waitFor(() => expect(queries(sent)).toHaveLength(5));
    expect(queries(sent)[4]).toEqual({ area: '370911', industry: '餐饮', tag: '有限空间' });
  });

  it('says so when nothing matches, and shows the API error with a retry', async () => {
    signIn(supervisor);
    let fail = true;
    const sent = stubNetwork({
      'GET /map': () => (fail ? { statusCode: 403, data: { error: { code: 'FORBIDDEN', message: '该区域不在您的管辖范围内', fields: {} } } } : { statusCode: 200, data: answer([]) }),
    });
    setRoute({ area: '370911/c9', name: '别的街道' });
    const { container } = render(<MapPage />);
    expect(await screen.findByText('该区域不在您的管辖范围内')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByText('重试'));
    expect(await screen.findByText('没有符合条件的企业')).toBeTruthy();
    expect(container.querySelector('.mp-box')).toBeNull();
    expect(queries(sent).map((q) => q.area)).toEqual(['370911/c9', '370911/c9']);
  });
});

describe('entries', () => {
  it('the supervisor, gridworker and admin homes lead to the map of their area', async () => {
    stubNavigation();
    stubNetwork({ 'GET /gridworker/grids': { statusCode: 200, data: { level: 3, grids: [] } } });
    const admin: UserView = { ...supervisor, id: 'u-admin', grants: [{ role: 'admin', roleLabel: '管理员', area: '370911', areaName: '示范区' }] };
    const cases: [UserView, ComponentType, string][] = [
      [supervisor, SupervisorHome, `/packageMap/pages/index/index?area=370911&name=${encodeURIComponent('示范区')}`],
      [gridworker, GridworkerHome, '/packageMap/pages/index/index'],
      [admin, AdminHome, `/packageMap/pages/index/index?area=370911&name=${encodeURIComponent('示范区')}`],
    ];
    for (const [user, Home, url] of cases) {
      signIn(user);
      const nav = navigate();
      const { container, unmount } = render(<Home />);
      const entry = await found(container, '.entry-map');
      expect(entry.textContent).toContain('一张图');
      act(() => void fireEvent.click(entry));
      expect(nav).toHaveBeenLastCalledWith({ url });
      unmount();
      nav.mockRestore();
    }
  });
});

describe('helpers', () => {
  const size = { width: 600, height: 400 };
  const view = { lat: 36.2, lng: 117.1, zoom: 14 };

  it('project and unproject are inverse; the centre is the box centre; north is up, east is right', () => {
    expect(project(view, view, size)).toEqual({ x: 300, y: 200 });
    const ne = project({ lat: 36.21, lng: 117.11 }, view, size);
    expect(ne.x).toBeGreaterThan(300);
    expect(ne.y).toBeLessThan(200);
    const back = unproject(ne, view, size);
    expect(back.lat).toBeCloseTo(36.21, 9);
    expect(back.lng).toBeCloseTo(117.11, 9);
    // True distances at the centre: 100 px east and 100 px north are the same length on the ground.
    const east = unproject({ x: 400, y: 200 }, view, size);
    const north = unproject({ x: 300, y: 100 }, view, size);
    const m = (a: { lat: number; lng: number }) => Math.hypot((a.lat - view.lat) * 111_320, (a.lng - view.lng) * 111_320 * Math.cos((view.lat * Math.PI) / 180));
    expect(m(east) / m(north)).toBeCloseTo(1, 6);
  });

  it('fits the bounds into the box, deepest zoom that still holds them', () => {
    const bounds = boundsOf(POINTS)!;
    const v = fitView(bounds, size)!;
    const pad = 24;
    const inBox = (z: number) =>
      [{ lat: bounds.minLat, lng: bounds.minLng }, { lat: bounds.maxLat, lng: bounds.maxLng }].every((p) => {
        const { x, y } = project(p, { ...v, zoom: z }, size);
        return x >= pad && x <= size.width - pad && y >= pad && y <= size.height - pad;
      });
    expect(inBox(v.zoom)).toBe(true);
    expect(inBox(v.zoom + 1)).toBe(false);
    expect(fitView(undefined, size)).toBeUndefined();
    // One business alone: a street-level zoom, not the deepest.
    expect(fitView(boundsOf([far[0]!]), size)!.zoom).toBe(16);
  });

  it('pans with the finger and sizes the scale bar to a round length', () => {
    const moved = pan(view, 100, 0);
    expect(project(view, moved, size).x).toBeCloseTo(400, 6);
    for (const zoom of [5, 10, 14, 18]) {
      const s = scaleBar({ ...view, zoom });
      expect(s.px).toBeGreaterThan(0);
      expect(s.px).toBeLessThanOrEqual(100);
      expect(s.label).toMatch(/^(1|2|5)0* (米|公里)$/);
    }
    expect(scaleBar({ ...view, zoom: 18 }).label).toMatch(/米$/);
    expect(scaleBar({ ...view, zoom: 5 }).label).toMatch(/公里$/);
  });

  it('clusters per zoom: the huddle is one bubble far out, its members at the expansion zoom, sums carried', () => {
    const index = clusterIndex(POINTS);
    const v = fitView(boundsOf(POINTS), size)!;
    const out = featuresIn(index, bboxOf(v, size), v.zoom);
    const bubbles = out.filter((f): f is Cluster => f.kind === 'cluster');
    expect(bubbles).toHaveLength(1);
    expect(bubbles[0]).toMatchObject({ count: 5, worstClass: 'A', open: 5, overdue: 0 });
    expect(out.filter((f) => f.kind === 'point')).toHaveLength(3);
    // At the expansion zoom the bubble has broken up: more than one feature where it stood.
    const inside = expandCluster(index, bubbles[0]!);
    expect(inside.zoom).toBeGreaterThan(v.zoom);
    const there = featuresIn(index, bboxOf(inside, size), inside.zoom);
    expect(there.length).toBeGreaterThan(1);
    expect(there.reduce((n, f) => n + (f.kind === 'cluster' ? f.count : huddle.some((h) => h.id === f.point.id) ? 1 : 0), 0)).toBe(5);
    // Nothing lost at any zoom: the bubbles' counts and the single points add up to every business.
    for (let z = 3; z <= 18; z++) {
      const all = featuresIn(index, [-180, -85, 180, 85], z);
      expect(all.reduce((n, f) => n + (f.kind === 'cluster' ? f.count : 1), 0)).toBe(POINTS.length);
    }
  });
});

describe('the dashboard', () => {
  it("leads from an area's 企业 card to that area's map", async () => {
    const nav = navigate();
    signIn(supervisor);
    const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    const figures = { area: '370911', areaName: '示范区', enterprises: { total: 0, byStatus: {}, byClass: {}, byIndustry: {} }, flow: zeros(DASHBOARD_FLOW), stock: zeros(STOCK_COUNTERS) };
    stubNetwork({ 'GET /dashboard': { statusCode: 200, data: { from: '2026-12', to: '2026-12', areas: [{ ...figures, trend: [], children: [] }] } } });
    const { container } = render(<Dashboard />);
    const link = await found(container, '.db-map');
    fireEvent.click(link);
    expect(nav).toHaveBeenLastCalledWith({ url: `/packageMap/pages/index/index?area=370911&name=${encodeURIComponent('示范区')}` });
  });
});

describe("an enterprise's hazards, from the card", () => {
  it('the hazard list asks for the enterprise, not the area, and is titled by its name', async () => {
    signIn(supervisor);
    const sent = stubNetwork({ 'GET /hazards': { statusCode: 200, data: { hazards: [summary(1)] } } });
    setRoute({ enterpriseId: 'a', name: encodeURIComponent('泰山化工有限公司') });
    const { container } = render(<HazardList />);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(Object.fromEntries(new URL(sent[0]!.url).searchParams)).toEqual({ enterpriseId: 'a', limit: '30' });
    expect(container.textContent).toContain('泰山化工有限公司');
  });
});
