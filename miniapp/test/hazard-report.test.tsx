import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import HazardReport from '../src/packageHazard/pages/report/index';
import { formParts, reset, signIn, stubNavigation, stubNetwork, stubPlace, type Sent } from './helpers';
import { forgetNotices } from '../src/lib/notify';
import { NOTICES } from './notice-fixtures';
import { fire, hazard, jpeg, LOCATED, publicUser, setRoute, stubChooseMedia, timeline, ULID, worker } from './hazard-fixtures';

/** The n-th presigned upload (1-based): its key, and the policy's fields that go with it to the bucket. */
const keyOf = (n: number) => `hazards/01JD00000000000000000000${String(n).padStart(2, '0')}0123456789abcdef0123.jpg`;
const BUCKET = 'https://s3.test/bucket';
const fieldsOf = (n: number) => ({ key: keyOf(n), 'X-Amz-Signature': String(n) });
const DRAFT = 'safegrid.hazardDraft.u-pub';
const created = { statusCode: 200, data: { hazard: hazard({ id: 'h-new' }), timeline } };

let fetchMock: jest.Mock;
beforeEach(() => {
  setRoute(undefined);
  stubPlace({ longitude: 117.0891234, latitude: 36.1987654 });
  fetchMock = jest.fn(() => Promise.resolve({ status: 204 }));
  (globalThis as { fetch?: unknown }).fetch = fetchMock;
});
afterEach(() => {
  delete (globalThis as { fetch?: unknown }).fetch;
  forgetNotices();
  process.env.TARO_ENV = 'h5';
  setRoute(undefined);
  reset();
});

/** Presigned uploads numbered in turn, the locate call, and whatever else the test adds. */
function network(extra: Parameters<typeof stubNetwork>[0] = {}): Sent[] {
  let n = 0;
  return stubNetwork({
    'POST /hazard-photos': () => {
      n += 1;
      return { statusCode: 200, data: { key: keyOf(n), url: BUCKET, fields: fieldsOf(n), expiresAt: '2026-11-23T02:00:00.000Z' } };
    },
    'GET /areas/locate': { statusCode: 200, data: LOCATED },
    ...extra,
  });
}

const reports = (sent: Sent[]) => sent.filter((s) => s.method === 'POST' && new URL(s.url).pathname === '/hazards');
const fieldOf = (text: string) => screen.getByText(text).closest('.hz-field') as HTMLElement;
const GRID = '所属网格：东关社区 · 第一网格 · 一号微网格';

/** One photo uploaded, description typed, category chosen (the position is found on opening). */
async function fillIn(container: HTMLElement, description = '地下车库消防通道堆满纸箱') {
  await screen.findByText(GRID);
  stubChooseMedia([jpeg('a.jpg', 1234)]);
  fireEvent.click(screen.getByText('拍照或从相册选择'));
  await screen.findByText('✓ 已上传');
  fire(container.querySelector('[name="description"]'), 'input', description);
  fireEvent.click(screen.getByText('用电安全'));
}

test('an empty report is refused on the phone with a message at each field, and nothing is sent', async () => {
  signIn(publicUser);
  const sent = network();
  stubNavigation();
  render(<HazardReport />);
  await screen.findByText(GRID);
  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('请至少拍摄或选择1张照片')).toBeTruthy();
  expect(within(fieldOf('隐患描述')).getByText('隐患描述：请至少写5个字，说明在哪里、有什么隐患')).toBeTruthy();
  expect(within(fieldOf('隐患类别')).getByText('请选择隐患类别')).toBeTruthy();
  expect(reports(sent)).toHaveLength(0);
  // The position came from the browser in WGS-84 (all Taro's H5 build can ask for) and named its grid.
  expect(Taro.getLocation).toHaveBeenCalledWith({ type: 'wgs84' });
  expect(screen.getByText('经度 117.089123，纬度 36.198765')).toBeTruthy();
  expect(sent.find((s) => s.url.includes('/areas/locate'))?.url).toBe('http://api.test/areas/locate?lng=117.089123&lat=36.198765');
});

test("the server's field error is shown next to its field, and the draft stays", async () => {
  signIn(publicUser);
  const sent = network({
    'POST /hazards': {
      statusCode: 400,
      data: { error: { code: 'VALIDATION_FAILED', message: '请检查填写内容', fields: { description: '隐患描述：含有不宜公开的内容，请修改后再提交' } } },
    },
  });
  stubNavigation();
  const { container } = render(<HazardReport />);
  await fillIn(container);
  fireEvent.click(screen.getByText('提交'));
  expect(await within(fieldOf('隐患描述')).findByText('隐患描述：含有不宜公开的内容，请修改后再提交')).toBeTruthy();
  expect(reports(sent)).toHaveLength(1);
  expect(Taro.getStorageSync(DRAFT)).toMatchObject({ description: '地下车库消防通道堆满纸箱', category: '用电安全' });
});

test('photos upload one at a time straight to storage; a failed one says so and uploads again on a tap', async () => {
  signIn(publicUser);
  const sent = network({ 'POST /hazards': created });
  stubNavigation();
  fetchMock.mockImplementationOnce(() => Promise.resolve({ status: 500 }));
  const { container } = render(<HazardReport />);
  await screen.findByText(GRID);
  const a = jpeg('a.jpg', 1234);
  const b = jpeg('b.webp', 5678);
  Object.defineProperty(b, 'type', { value: 'image/webp' });
  const choose = stubChooseMedia([a, b]);
  fireEvent.click(screen.getByText('拍照或从相册选择'));
  expect(await screen.findByText('上传失败 · 点此重试')).toBeTruthy();
  await screen.findByText('✓ 已上传');
  expect(choose).toHaveBeenCalledWith({ count: 9, mediaType: ['image'], sizeType: ['compressed'] });
  expect(screen.getByText('上传失败（500），请重新上传')).toBeTruthy();
  expect(screen.getByText('已上传 1/2 张')).toBeTruthy();

  // Submitting while a photo is not uploaded is refused on the phone.
  fire(container.querySelector('[name="description"]'), 'input', '配电箱门敞开，电线裸露');
  fireEvent.click(screen.getByText('用电安全'));
  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('有照片上传失败：请点照片重试，或删除后再提交')).toBeTruthy();
  expect(reports(sent)).toHaveLength(0);

  fireEvent.click(screen.getByText('上传失败 · 点此重试'));
  await waitFor(() => expect(screen.getAllByText('✓ 已上传')).toHaveLength(2));
  expect(sent.filter((s) => s.url.endsWith('/hazard-photos')).map((s) => s.data)).toEqual([
    { contentType: 'image/jpeg', size: 1234 },
    { contentType: 'image/webp', size: 5678 },
    { contentType: 'image/jpeg', size: 1234 },
  ]);
  // Each File after its own policy's fields, as a multipart POST to the bucket.
  expect(fetchMock.mock.calls.map(([url, init]) => [url, (init as RequestInit).method, formParts(init)])).toEqual([
    [BUCKET, 'POST', [...Object.entries(fieldsOf(1)), ['file', a]]],
    [BUCKET, 'POST', [...Object.entries(fieldsOf(2)), ['file', b]]],
    [BUCKET, 'POST', [...Object.entries(fieldsOf(3)), ['file', a]]],
  ]);
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(reports(sent)).toHaveLength(1));
  // In the order shown: the first photo with its retried upload's key, then the second.
  expect((reports(sent)[0]!.data as { photos: string[] }).photos).toEqual([keyOf(3), keyOf(2)]);
});

test('the draft is kept on the phone as it is typed and comes back when the page opens again', async () => {
  signIn(publicUser);
  network();
  stubNavigation();
  const first = render(<HazardReport />);
  await fillIn(first.container, '仓库门口电动车违规充电');
  fire(first.container.querySelector('[name="address"]') ?? first.container.querySelector('taro-input-core[name="address"]'), 'input', '2号仓库北门');
  fireEvent.click(first.container.querySelector('.hz-anonymous')!);
  await waitFor(() => expect(Taro.getStorageSync(DRAFT)).toMatchObject({ anonymous: true }));
  const saved = Taro.getStorageSync(DRAFT) as Record<string, unknown>;
  expect(saved).toMatchObject({
    description: '仓库门口电动车违规充电',
    category: '用电安全',
    anonymous: true,
    address: '2号仓库北门',
    location: { lng: 117.089123, lat: 36.198765 },
    photos: [{ status: 'done', key: keyOf(1), path: 'blob:http://localhost/photo-0' }],
  });
  expect(saved.id).toMatch(ULID);
  first.unmount();

  // The app was closed; opening the page again restores everything, and the phone is not asked again.
  (Taro.getLocation as unknown as jest.Mock).mockClear();
  const again = render(<HazardReport />);
  await screen.findByText(GRID);
  expect((again.container.querySelector('[name="description"]') as HTMLTextAreaElement & { value: string }).value).toBe('仓库门口电动车违规充电');
  expect(screen.getByText('用电安全').closest('.choice')!.className).toContain('choice-on');
  expect(again.container.querySelector('.hz-anonymous')!.getAttribute('aria-checked')).toBe('true');
  expect(screen.getByText('已上传 1/1 张')).toBeTruthy();
  expect(Taro.getLocation).not.toHaveBeenCalled();
  expect((Taro.getStorageSync(DRAFT) as { id: string }).id).toBe(saved.id);
});

test('a submit that fails on the network is retried with the same ULID, and the draft is cleared after it succeeds', async () => {
  signIn(publicUser);
  let attempts = 0;
  const sent = network({
    'POST /hazards': () => {
      attempts += 1;
      if (attempts === 1) throw new Error('request:fail timeout');
      return created;
    },
  });
  const nav = stubNavigation();
  const { container } = render(<HazardReport />);
  await fillIn(container);
  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('网络连接失败，请检查网络后重试。已填写的内容已保存，可稍后再点“提交”')).toBeTruthy();
  expect(Taro.getStorageSync(DRAFT)).toMatchObject({ description: '地下车库消防通道堆满纸箱' });

  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/packageHazard/pages/detail/index?id=h-new' }));
  const [one, two] = reports(sent).map((s) => s.data as Record<string, unknown>);
  expect(one!.id).toMatch(ULID);
  expect(two!.id).toBe(one!.id);
  expect(two).toEqual(one);
  expect(one).toEqual({
    id: one!.id,
    description: '地下车库消防通道堆满纸箱',
    category: '用电安全',
    photos: [keyOf(1)],
    lng: 117.089123,
    lat: 36.198765,
    anonymous: false,
  });
  expect(Taro.getStorageSync(DRAFT)).toBe('');
});

test('anonymous is sent as set', async () => {
  signIn(publicUser);
  const sent = network({ 'POST /hazards': created });
  const nav = stubNavigation();
  const { container } = render(<HazardReport />);
  await fillIn(container);
  const toggle = container.querySelector('.hz-anonymous')!;
  expect(toggle.getAttribute('aria-checked')).toBe('false');
  fireEvent.click(toggle);
  await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'));
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
  expect(reports(sent)[0]!.data).toMatchObject({ anonymous: true });
});

test('an enterprise found near the position goes with the report', async () => {
  signIn(publicUser);
  const sent = network({
    'POST /hazards': created,
    'GET /enterprises/nearby': { statusCode: 200, data: { enterprises: [{ id: 'e7', name: '老王烧烤', address: '幸福路8号', distanceM: 35 }] } },
  });
  const nav = stubNavigation();
  const { container } = render(<HazardReport />);
  await fillIn(container);
  fireEvent.click(screen.getByText('查找附近企业 ›'));
  fire(container.querySelector('[name="enterpriseQ"]'), 'input', '烧烤');
  fireEvent.click(screen.getByText('搜索'));
  fireEvent.click(await screen.findByText('老王烧烤'));
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
  expect(sent.find((s) => s.url.includes('/enterprises/nearby'))?.url).toBe(
    `http://api.test/enterprises/nearby?lng=117.089123&lat=36.198765&q=${encodeURIComponent('烧烤')}`,
  );
  expect(reports(sent)[0]!.data).toMatchObject({ enterpriseId: 'e7', anonymous: false });
});

test("a worker's 内部报告 is about their own enterprise and anonymous by default", async () => {
  signIn(worker);
  setRoute({ mode: 'internal' });
  const sent = network({ 'POST /hazards': created });
  const nav = stubNavigation();
  const { container } = render(<HazardReport />);
  expect(screen.getByText('内部报告（本企业）').closest('.choice')!.className).toContain('choice-on');
  expect(screen.getByText('泰安市安达化工有限公司').closest('.choice')!.className).toContain('choice-on');
  await fillIn(container);
  expect(container.querySelector('.hz-anonymous')!.getAttribute('aria-checked')).toBe('true');
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
  expect(reports(sent)[0]!.data).toMatchObject({ enterpriseId: 'e1', anonymous: true });
});

test('weapp: the submit tap asks at once to be told of the outcome and the reward, reports what was accepted, and the report goes ahead', async () => {
  process.env.TARO_ENV = 'weapp';
  signIn(publicUser);
  Taro.setStorageSync(DRAFT, {
    id: '01JD0000000000000000000ABC',
    description: '楼道电动车充电',
    category: '用电安全',
    location: { lng: 117.1, lat: 36.2 },
    anonymous: false,
    internal: false,
    photos: [{ id: 'p1', path: 'wxfile://tmp/a.jpg', name: 'a.jpg', size: 10, status: 'done', key: keyOf(1) }],
  });
  const sent = network({
    'POST /hazards': created,
    // The templates, loaded when the page opens (no home brought them in this test).
    'GET /me/counts': { statusCode: 200, data: { counts: {}, notices: NOTICES } },
    'POST /me/subscriptions': { statusCode: 200, data: { notices: NOTICES } },
  });
  const nav = stubNavigation();
  let answer!: (res: Record<string, string>) => void;
  const subscribe = jest.spyOn(Taro, 'requestSubscribeMessage').mockImplementation((() => new Promise((resolve) => (answer = resolve))) as never);
  render(<HazardReport />);
  await waitFor(() => expect(sent.some((s) => new URL(s.url).pathname === '/me/counts')).toBe(true));
  await act(async () => {});
  fireEvent.click(screen.getByText('提交'));
  // Within the tap itself: WeChat's dialog for both kinds, before anything is awaited.
  expect(subscribe).toHaveBeenCalledWith({ tmplIds: ['tpl-outcome', 'tpl-reward'] });
  // The report is sent while the dialog is open; the page leaves only once it is answered.
  await waitFor(() => expect(reports(sent)).toHaveLength(1));
  expect(nav.redirectTo).not.toHaveBeenCalled();
  await act(async () => answer({ errMsg: 'requestSubscribeMessage:ok', 'tpl-outcome': 'accept', 'tpl-reward': 'reject' }));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/packageHazard/pages/detail/index?id=h-new' }));
  const told = sent.filter((s) => s.method === 'POST' && new URL(s.url).pathname === '/me/subscriptions');
  expect(told).toHaveLength(1);
  expect(told[0]!.data).toEqual({ id: expect.stringMatching(/^[0-9A-Z]{26}$/), accepted: ['hazardOutcome'] });
  expect(reports(sent)[0]!.data).toMatchObject({ id: '01JD0000000000000000000ABC', photos: [keyOf(1)], lng: 117.1, lat: 36.2 });
});

test('weapp: a refused dialog does not stop the report, and nothing is told to the server', async () => {
  process.env.TARO_ENV = 'weapp';
  signIn(publicUser);
  Taro.setStorageSync(DRAFT, {
    id: '01JD0000000000000000000ABD',
    description: '楼道电动车充电',
    category: '用电安全',
    location: { lng: 117.1, lat: 36.2 },
    anonymous: false,
    internal: false,
    photos: [{ id: 'p1', path: 'wxfile://tmp/a.jpg', name: 'a.jpg', size: 10, status: 'done', key: keyOf(1) }],
  });
  const sent = network({ 'POST /hazards': created, 'GET /me/counts': { statusCode: 200, data: { counts: {}, notices: NOTICES } } });
  const nav = stubNavigation();
  jest.spyOn(Taro, 'requestSubscribeMessage').mockImplementation((() => Promise.reject({ errMsg: 'requestSubscribeMessage:fail cancel' })) as never);
  render(<HazardReport />);
  await waitFor(() => expect(sent.some((s) => new URL(s.url).pathname === '/me/counts')).toBe(true));
  await act(async () => {});
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/packageHazard/pages/detail/index?id=h-new' }));
  expect(sent.filter((s) => new URL(s.url).pathname === '/me/subscriptions')).toEqual([]);
});

test('weapp: the position can be adjusted on the map', async () => {
  process.env.TARO_ENV = 'weapp';
  signIn(publicUser);
  network();
  stubNavigation();
  const choose = jest
    .spyOn(Taro, 'chooseLocation')
    .mockResolvedValue({ longitude: 117.1234567, latitude: 36.2345678, name: '幸福小区5号楼', address: '幸福路5号', errMsg: 'ok' } as never);
  render(<HazardReport />);
  await screen.findByText(GRID);
  fireEvent.click(screen.getByText('在地图上选点'));
  expect(await screen.findByText('经度 117.123457，纬度 36.234568')).toBeTruthy();
  expect(choose).toHaveBeenCalledWith({ longitude: 117.089123, latitude: 36.198765 });
});
