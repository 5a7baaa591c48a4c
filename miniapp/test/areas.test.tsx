/**
 * 区域管理 (packageMap/pages/areas) in the H5 build: the tree from the admin's own areas, the
 * boundary drawn by tapping the offline map (undo, too few points, closed ring sent), rename and
 * deactivate, a child created without typing any id, a street's GeoJSON imported with its report;
 * the admin home's entry; 一张图 drawing the boundaries as its base map.
 */
import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { rectangle, withBoundary, type AreaView, type ImportBoundariesResponse, type ResponseOf } from '@safegrid/shared';
import AreasPage from '../src/packageMap/pages/areas/index';
import MapPage from '../src/packageMap/pages/index/index';
import AdminHome from '../src/packageAdmin/pages/home/index';
import { formParts, reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { setRoute } from './hazard-fixtures';

const admin = { id: 'u-adm', name: '管理员甲', grants: [{ role: 'admin' as const, roleLabel: '管理员', area: '370911/bjp', areaName: '北集坡街道' }] };
const area = (path: string, name: string, level: AreaView['level'], box?: [number, number, number, number], over: Partial<AreaView> = {}): AreaView => ({
  path,
  code: path.split('/').pop()!,
  name,
  level,
  ...(path.includes('/') ? { parent: path.slice(0, path.lastIndexOf('/')) } : {}),
  ...(box ? withBoundary(rectangle(...box)) : {}),
  ...over,
});
const STREET = area('370911/bjp', '北集坡街道', 'street', [117.06, 36.15, 117.18, 36.21]);
const C1 = area('370911/bjp/c01', '东官庄社区', 'community', [117.06, 36.18, 117.09, 36.21]);
const C2 = area('370911/bjp/c02', '湖东社区', 'community', undefined, { deactivatedAt: '2026-12-01T00:00:00.000Z' });

afterEach(() => {
  setRoute(undefined);
  delete (globalThis as { fetch?: unknown }).fetch;
  reset();
});

/** Lists: the admin's own street, its communities, and the empty community below. */
function network(extra: Parameters<typeof stubNetwork>[0] = {}): Sent[] {
  return stubNetwork({
    'GET /areas': (s) => {
      const parent = new URL(s.url).searchParams.get('parent');
      const areas = parent === null ? [STREET] : parent === STREET.path ? [C1, C2] : [];
      return { statusCode: 200, data: { areas } };
    },
    ...extra,
  });
}
/** A child area's row in the list (its name also labels the map). */
const row = (name: string) => screen.findByText(name, { selector: '.nut-cell-title' });
const puts = (sent: Sent[]) => sent.filter((s) => s.method === 'PUT' && new URL(s.url).pathname === '/areas');
const box = (container: HTMLElement) => container.querySelector('.mp-box') as HTMLElement;

test('browses the tree from the admin’s own street, with each area’s state, and never asks for an id', async () => {
  signIn(admin);
  stubNavigation();
  network();
  const { container } = render(<AreasPage />);
  expect(await screen.findByText('边界：已划定（5 个点）')).toBeTruthy();
  await row('东官庄社区');
  const items = [...container.querySelectorAll('.area-item')].map((e) => e.textContent);
  expect(items[0]).toContain('东官庄社区');
  expect(items[1]).toContain('已停用');
  expect(items[1]).toContain('未划边界');
  // The map shows the street bold and its one drawn community thin.
  expect([...container.querySelectorAll('.mp-shape')].map((p) => [p.getAttribute('data-id'), p.getAttribute('class')])).toEqual([
    [STREET.path, 'mp-shape mp-shape-focus'],
    [C1.path, 'mp-shape mp-shape-area'],
  ]);
  expect(container.querySelector('[name="userId"], [name="parent"], [name="path"]')).toBeNull();
  fireEvent.click(await row('东官庄社区'));
  expect(await screen.findByText('没有下级区域')).toBeTruthy();
  expect(screen.getByText('东官庄社区', { selector: '.card-title' })).toBeTruthy();
});

test('draws a boundary by tapping the map: undo, at least three points, and a closed ring sent', async () => {
  signIn(admin);
  stubNavigation();
  const sent = network({
    'PUT /areas': (s) => {
      const body = s.data as { path: string; boundary: AreaView['boundary'] };
      return { statusCode: 200, data: { area: { ...STREET, boundary: body.boundary } } };
    },
  });
  const { container } = render(<AreasPage />);
  await screen.findByText('边界：已划定（5 个点）');
  fireEvent.click(screen.getByText('重新绘制边界'));
  expect(screen.getByText(/已点 0 个/)).toBeTruthy();
  // Taps on the box: four corners of a square around the middle, one too many, then undone.
  for (const [x, y] of [[300, 150], [420, 150], [420, 270], [300, 270], [360, 60]]) fireEvent.click(box(container), { clientX: x, clientY: y });
  expect(screen.getByText(/已点 5 个/)).toBeTruthy();
  expect(container.querySelectorAll('.mp-vertex')).toHaveLength(5);
  fireEvent.click(screen.getByText('撤销上一点'));
  expect(screen.getByText(/已点 4 个/)).toBeTruthy();
  fireEvent.click(screen.getByText('完成并保存'));
  await screen.findByText('边界：已划定（5 个点）');
  const body = puts(sent)[0]!.data as { path: string; boundary: { type: string; coordinates: number[][][] } };
  expect(body.path).toBe(STREET.path);
  const ring = body.boundary.coordinates[0]!;
  expect(ring).toHaveLength(5);
  expect(ring[4]).toEqual(ring[0]);
  // Taps made left-to-right and top-to-bottom: east grows, north shrinks; all inside the street's box.
  expect(ring[1]![0]).toBeGreaterThan(ring[0]![0]!);
  expect(ring[2]![1]).toBeLessThan(ring[1]![1]!);
  for (const [lng, lat] of ring) {
    expect(lng).toBeGreaterThan(117.06);
    expect(lng).toBeLessThan(117.18);
    expect(lat).toBeGreaterThan(36.15);
    expect(lat).toBeLessThan(36.21);
  }
});

test('too few points are refused on the phone, and the API’s boundary message is shown', async () => {
  signIn(admin);
  stubNavigation();
  const sent = network({
    'PUT /areas': { statusCode: 400, data: { error: { code: 'VALIDATION_FAILED', message: '边界不正确', fields: { boundary: '边界：外环的第 1 条边与第 3 条边相交，请按边界走向依次取点' } } } },
  });
  const { container } = render(<AreasPage />);
  await screen.findByText('边界：已划定（5 个点）');
  fireEvent.click(screen.getByText('重新绘制边界'));
  fireEvent.click(box(container), { clientX: 300, clientY: 150 });
  fireEvent.click(box(container), { clientX: 400, clientY: 250 });
  fireEvent.click(screen.getByText('完成并保存'));
  expect(await screen.findByText('至少点选 3 个点，才能围成边界')).toBeTruthy();
  expect(puts(sent)).toHaveLength(0);
  fireEvent.click(box(container), { clientX: 400, clientY: 150 });
  fireEvent.click(box(container), { clientX: 300, clientY: 250 });
  fireEvent.click(screen.getByText('完成并保存'));
  expect(await screen.findByText('边界：外环的第 1 条边与第 3 条边相交，请按边界走向依次取点')).toBeTruthy();
});

test('renames, and deactivates a child after confirming, showing why the API refuses', async () => {
  signIn(admin);
  stubNavigation();
  jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: true, cancel: false, errMsg: 'ok' })) as never);
  let refuse = true;
  const sent = network({
    'PUT /areas': (s) => {
      const body = s.data as { path: string; name?: string; active?: boolean };
      if (body.active === false && refuse) {
        refuse = false;
        return { statusCode: 409, data: { error: { code: 'CONFLICT', message: '不能停用“东官庄社区”：该区域还有 12 家企业，请先将企业迁至其他网格（或注销）后再停用', fields: { active: '…' } } } };
      }
      return { statusCode: 200, data: { area: { ...C1, ...(body.name ? { name: body.name } : {}), ...(body.active === false ? { deactivatedAt: '2026-12-07T00:00:00.000Z' } : {}) } } };
    },
  });
  const { container } = render(<AreasPage />);
  fireEvent.click(await row('东官庄社区'));
  await screen.findByText('没有下级区域');
  fireEvent.click(screen.getByText('改名'));
  fireEvent.input(container.querySelector('[name="newName"]')!, { detail: { value: '东官庄新社区' }, target: { value: '东官庄新社区' } });
  fireEvent.click(screen.getByText('保存名称'));
  expect(await screen.findByText('东官庄新社区', { selector: '.card-title' })).toBeTruthy();
  expect(puts(sent)[0]!.data).toEqual({ path: C1.path, name: '东官庄新社区' });

  fireEvent.click(screen.getByText('停用该区域'));
  await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: expect.stringContaining('该区域还有 12 家企业') })));
  fireEvent.click(screen.getByText('停用该区域'));
  expect(await screen.findByText('状态：已停用')).toBeTruthy();
  expect(puts(sent).map((s) => s.data)).toEqual([
    { path: C1.path, name: '东官庄新社区' },
    { path: C1.path, active: false },
    { path: C1.path, active: false },
  ]);
  expect(screen.getByText('启用该区域')).toBeTruthy();
});

test('creates a child under the area in view with a suggested code, and shows the field errors inline', async () => {
  signIn(admin);
  stubNavigation();
  const sent = network({
    'POST /areas': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '编码已被使用', fields: { code: '编码已被使用' } } } },
  });
  const { container } = render(<AreasPage />);
  await row('东官庄社区');
  expect((container.querySelector('[name="code"] input, input[name="code"]') as HTMLInputElement | null)?.value ?? container.querySelector('[name="code"]')!.getAttribute('value')).toBe('c3');
  fireEvent.input(container.querySelector('[name="name"]')!, { detail: { value: '新城社区' }, target: { value: '新城社区' } });
  fireEvent.click(screen.getByText('新建下级区域'));
  expect(await screen.findByText('编码已被使用')).toBeTruthy();
  expect(sent.find((s) => s.method === 'POST')!.data).toEqual({ parent: STREET.path, code: 'c3', name: '新城社区', level: 'community' });
});

test('imports a street’s GeoJSON: uploads it, imports it, and shows what was matched, skipped and wrong', async () => {
  signIn(admin);
  stubNavigation();
  const fetchMock = jest.fn(() => Promise.resolve({ status: 204 }));
  (globalThis as { fetch?: unknown }).fetch = fetchMock;
  const fields = { key: 'boundaries/u-adm/01.geojson', 'Content-Type': 'application/geo+json', 'X-Amz-Signature': 'x' };
  const report: ImportBoundariesResponse = {
    applied: false,
    message: '1 个要素有误，未导入任何边界；请按下列原因修改文件后重新导入',
    matched: [{ feature: 1, label: 'c01', path: C1.path, areaName: '东官庄社区' }],
    unmatched: [{ feature: 2, label: '不存在的社区' }],
    invalid: [{ feature: 3, label: '湖东社区', reason: '外环未闭合：最后一个点应与第一个点相同' }],
  };
  const sent = network({
    'POST /uploads': { statusCode: 200, data: { key: fields.key, url: 'https://s3.test/bucket', fields, expiresAt: '2026-12-07T02:00:00.000Z' } },
    'POST /areas/boundaries': { statusCode: 200, data: report },
  });
  render(<AreasPage />);
  await row('东官庄社区');
  fireEvent.click(screen.getByText('导入边界（GeoJSON）'));
  const input = document.body.querySelector('input[type="file"]') as HTMLInputElement;
  expect(input.accept).toContain('.geojson');
  const file = new File(['{"type":"FeatureCollection","features":[]}'], '北集坡街道.geojson', { type: 'application/geo+json' });
  fireEvent.change(input, { target: { files: [file] } });
  expect(await screen.findByText('1 个要素有误，未导入任何边界；请按下列原因修改文件后重新导入')).toBeTruthy();
  const card = document.body.querySelector('.ar-report') as HTMLElement;
  expect(within(card).getByText('第 1 个要素「c01」→ 东官庄社区')).toBeTruthy();
  expect(within(card).getByText('第 2 个要素「不存在的社区」')).toBeTruthy();
  expect(within(card).getByText('第 3 个要素「湖东社区」：外环未闭合：最后一个点应与第一个点相同')).toBeTruthy();
  expect(sent.find((s) => new URL(s.url).pathname === '/uploads')!.data).toEqual({ purpose: 'boundary-import', fileName: '北集坡街道.geojson', contentType: 'application/geo+json', size: file.size });
  expect(formParts((fetchMock.mock.calls[0] as unknown[])[1])).toEqual([...Object.entries(fields), ['file', file]]);
  expect(sent.find((s) => new URL(s.url).pathname === '/areas/boundaries')!.data).toEqual({ parent: STREET.path, key: fields.key });
});

test('is for admins only', async () => {
  signIn({ id: 'u-sup', name: '监管甲', grants: [{ role: 'supervisor', roleLabel: '监管人员', area: '370911/bjp', areaName: '北集坡街道' }] });
  stubNavigation();
  const sent = network();
  render(<AreasPage />);
  expect(await screen.findByText('无权管理区域')).toBeTruthy();
  expect(sent).toHaveLength(0);
});

test('the admin home opens 区域管理', async () => {
  signIn(admin);
  stubNavigation();
  network();
  const navigate = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  render(<AdminHome />);
  fireEvent.click(await screen.findByText('区域管理'));
  expect(navigate).toHaveBeenCalledWith({ url: '/packageMap/pages/areas/index' });
});

test('一张图 draws the area’s boundaries as the H5 base map, with their names', async () => {
  signIn(admin);
  stubNavigation();
  const answer: ResponseOf<'mapPoints'> = {
    area: STREET.path,
    bounds: { minLat: 36.19, maxLat: 36.2, minLng: 117.07, maxLng: 117.08 },
    points: [{ id: 'e1', name: '企业1', lat: 36.195, lng: 117.075, riskClass: 'C', industry: '工贸', openHazards: 0, overdueHazards: 0 }],
    total: 1,
    areas: [
      { path: STREET.path, name: STREET.name, level: 'street', boundary: STREET.boundary!, lng: STREET.lng!, lat: STREET.lat! },
      { path: C1.path, name: C1.name, level: 'community', boundary: C1.boundary!, lng: C1.lng!, lat: C1.lat! },
    ],
  };
  stubNetwork({ 'GET /map': { statusCode: 200, data: answer } });
  setRoute({ area: STREET.path, name: STREET.name });
  const { container } = render(<MapPage />);
  await waitFor(() => expect(container.querySelectorAll('.mp-shape')).toHaveLength(2));
  expect(container.querySelector('.mp-shape-focus')?.getAttribute('data-id')).toBe(STREET.path);
  expect(container.querySelector('.mp-shape')!.getAttribute('d')).toMatch(/^M[\d.-]+ [\d.-]+ L.* Z$/);
  expect(screen.getByText('东官庄社区', { selector: '.mp-shape-label' })).toBeTruthy();
  await act(async () => undefined);
});

test('WeChat’s map gets the boundaries as polygons (the area in view bold) and a boundary being drawn as a dotted line with its points', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { overlays } = require('../src/packageMap/components/WeappMap') as typeof import('../src/packageMap/components/WeappMap');
  const drawn = overlays([
    { id: STREET.path, kind: 'focus', rings: [[[117.06, 36.15], [117.18, 36.15], [117.18, 36.21], [117.06, 36.15]]] },
    { id: C1.path, kind: 'area', rings: [[[117.06, 36.18], [117.09, 36.18], [117.09, 36.21], [117.06, 36.18]]] },
    { id: 'draft', kind: 'draft', rings: [[[117.07, 36.19], [117.08, 36.19]]] },
  ]);
  expect(drawn.polygons.map((p) => [p.strokeWidth, p.points.length, p.points[0]])).toEqual([
    [3, 4, { longitude: 117.06, latitude: 36.15 }],
    [1, 4, { longitude: 117.06, latitude: 36.18 }],
  ]);
  expect(drawn.polyline).toEqual([{ points: [{ longitude: 117.07, latitude: 36.19 }, { longitude: 117.08, latitude: 36.19 }], color: '#f53f3fff', width: 3, dottedLine: true }]);
  expect(drawn.circles).toHaveLength(2);
});
