import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import CheckPage from '../src/packageGridworker/pages/check/index';
import { formParts, reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, jpeg, setRoute, stubChooseMedia, ULID } from './hazard-fixtures';
import { checkView, enterprise, FAR, general, gridworker, keyOf, owner, postOf, sign, stubPosition, template } from './check-fixtures';

const DRAFT_PREFIX = 'safegrid.checkDraft.';
const created = (id: string) => ({ statusCode: 200, data: { check: checkView({ id }) } });

let fetchMock: jest.Mock;
let png: Blob;
beforeEach(() => {
  setRoute({ enterpriseId: 'e1', name: '泰安市安达化工有限公司' });
  stubPosition();
  // H5 uploads: the signature's data: URL read back as bytes, then the POST to storage.
  png = new Blob(['png-bytes'], { type: 'image/png' });
  fetchMock = jest.fn((url: string) => (url.startsWith('data:image/png;base64,') ? Promise.resolve({ blob: () => Promise.resolve(png) }) : Promise.resolve({ status: 200 })));
  (globalThis as { fetch?: unknown }).fetch = fetchMock;
});
afterEach(() => {
  delete (globalThis as { fetch?: unknown }).fetch;
  setRoute(undefined);
  reset();
});

/** The enterprise, the district's templates, presigned uploads numbered in turn, and whatever the test adds. */
function network(extra: Parameters<typeof stubNetwork>[0] = {}): Sent[] {
  let n = 0;
  return stubNetwork({
    'GET /enterprises/e1': { statusCode: 200, data: { enterprise, history: [] } },
    'GET /check-templates': { statusCode: 200, data: { templates: [general, template], checkInReasonOverM: 500 } },
    'POST /hazard-photos': (sent) => {
      n += 1;
      const ext = (sent.data as { contentType: string }).contentType === 'image/png' ? 'png' : 'jpg';
      return { statusCode: 200, data: { key: keyOf(n, ext), url: postOf(n), fields: {}, expiresAt: '2026-11-20T03:00:00.000Z' } };
    },
    ...extra,
  });
}

const submits = (sent: Sent[]) => sent.filter((s) => s.method === 'POST' && new URL(s.url).pathname === '/checks');
const item = (id: string) => document.getElementById(`ck-item-${id}`)!;
const input = (container: HTMLElement, name: string) => container.querySelector(`[name="${name}"]`);
/** A field that has just appeared: wait until Taro's input has drawn its own <input> (jsdom), then type. */
async function typeInto(container: HTMLElement, name: string, value: string) {
  await waitFor(() => expect(input(container, name)?.querySelector('input')).toBeTruthy());
  fire(input(container, name), 'input', value);
}
const storedDrafts = () => Taro.getStorageInfoSync().keys.filter((k) => k.startsWith(DRAFT_PREFIX));
const stored = () => Taro.getStorageSync(storedDrafts()[0]!) as Record<string, unknown> & { id: string; answers: Record<string, Record<string, unknown>> };

/** Opened, template chosen for the enterprise's industry, signed in next to it. */
async function open() {
  const view = render(<CheckPage />);
  await waitFor(() => expect(screen.getByText('工贸企业日常检查表（第 3 版）').closest('.choice')!.className).toContain('choice-on'));
  fireEvent.click(screen.getByText('签到'));
  await screen.findByText(/^✓ 已签到/);
  return view;
}

/** Everything but the failed item's evidence: f2 within range, a summary, the signer and the signature. */
async function fillTheRest(container: HTMLElement) {
  fire(input(container, 'value-f2'), 'input', '1.5');
  fire(input(container, 'summary'), 'input', '灭火器须于一周内更换');
  fire(input(container, 'signerName'), 'input', '赵老板');
  await sign(container);
}

test('the template for the enterprise’s industry is chosen, the check-in shows its accuracy and distance, and required items are marked', async () => {
  signIn(gridworker);
  const sent = network();
  stubNavigation();
  await open();
  expect(sent.find((s) => s.url.includes('/check-templates'))!.url).toBe('http://api.test/check-templates?district=370911');
  expect(screen.getByText('日常巡查').closest('.choice')!.className).toContain('choice-on');
  expect(screen.getByText('东关街道幸福路8号')).toBeTruthy();
  expect(Taro.getLocation).toHaveBeenCalledWith({ type: 'wgs84' });
  expect(screen.getByText('定位精度 ±15 米 · 距企业 21 米')).toBeTruthy();
  expect(screen.queryByText(/请说明原因/)).toBeNull();
  // Sections in order, items numbered across them; required ones marked, the basis shown.
  expect(screen.getByText('一、消防安全')).toBeTruthy();
  expect(screen.getByText('4. 配电箱现场照片')).toBeTruthy();
  expect(within(item('f1')).getByText('必查')).toBeTruthy();
  expect(within(item('m1')).queryByText('必查')).toBeNull();
  expect(within(item('f1')).getByText('依据：《消防法》第十六条')).toBeTruthy();
  expect(within(item('f2')).getByText('不低于 1.4 米')).toBeTruthy();
  expect(screen.getByText('已填 0/4 项')).toBeTruthy();
});

test('the draft is saved on the phone at each answer, under the check’s ULID, and comes back with ?draft= after the page is closed', async () => {
  signIn(gridworker);
  network();
  stubNavigation();
  const first = await open();
  // Only what the user does is kept; the moment they sign in, the draft exists.
  expect(storedDrafts()).toHaveLength(1);
  const id = stored().id;
  expect(id).toMatch(ULID);
  expect(storedDrafts()[0]).toBe(`${DRAFT_PREFIX}${id}`);
  expect(stored()).toMatchObject({ userId: 'u-gw', kind: 'daily', enterprise: { id: 'e1', lng: 117.0891, lat: 36.1987 }, template: { id: 'gm-daily', version: 3 } });
  expect(stored().checkIn).toMatchObject({ lng: 117.0893, lat: 36.1988, accuracy: 15 });

  fireEvent.click(within(item('f1')).getByText('符合'));
  await waitFor(() => expect(stored().answers.f1).toMatchObject({ result: 'pass' }));
  fire(input(first.container, 'value-f2'), 'input', '1.55');
  await waitFor(() => expect(stored().answers.f2).toMatchObject({ value: '1.55' }));
  fire(input(first.container, 'text-m1'), 'input', '现场整洁');
  await waitFor(() => expect(stored().answers.m1).toMatchObject({ text: '现场整洁' }));
  stubChooseMedia([jpeg('box.jpg', 2000)]);
  fireEvent.click(within(item('m2')).getByText('拍照或从相册选择'));
  await within(item('m2')).findByText('✓ 已上传');
  await waitFor(() => expect(stored().answers.m2).toMatchObject({ photos: [{ status: 'done', key: keyOf(1), path: 'blob:http://localhost/photo-0' }] }));
  fire(input(first.container, 'signerName'), 'input', '赵老板');
  await waitFor(() => expect(stored()).toMatchObject({ signerName: '赵老板' }));
  expect(screen.getByText('已填 4/4 项')).toBeTruthy();
  first.unmount();

  // Opened again from the drafts: everything as it was, the same check id.
  (Taro.getLocation as unknown as jest.Mock).mockClear();
  setRoute({ draft: id });
  const again = render(<CheckPage />);
  expect(within(item('f1')).getByText('符合').closest('.ck-result')!.className).toContain('ck-result-on');
  expect((input(again.container, 'value-f2') as HTMLInputElement).value).toBe('1.55');
  expect((input(again.container, 'text-m1') as HTMLTextAreaElement & { value: string }).value).toBe('现场整洁');
  expect(within(item('m2')).getByText('✓ 已上传')).toBeTruthy();
  expect((input(again.container, 'signerName') as HTMLInputElement).value).toBe('赵老板');
  expect(screen.getByText(/^✓ 已签到/)).toBeTruthy();
  expect(screen.getByText('已填 4/4 项')).toBeTruthy();
  expect(Taro.getLocation).not.toHaveBeenCalled();
  await waitFor(() => expect(storedDrafts()).toEqual([`${DRAFT_PREFIX}${id}`]));
});

test('a number out of its range shows 不符合 and asks for the failed item’s evidence', async () => {
  signIn(gridworker);
  network();
  stubNavigation();
  const { container } = await open();
  fire(input(container, 'value-f2'), 'input', '1.2');
  expect(within(item('f2')).getByText('不符合')).toBeTruthy();
  expect(item('f2').className).toContain('ck-item-failing');
  expect(within(item('f2')).getByText('不符合：提交后将作为重大隐患交办整改')).toBeTruthy();
  expect(within(item('f2')).getByText('拍摄不符合的情况')).toBeTruthy();
  fire(input(container, 'value-f2'), 'input', '1.4');
  expect(within(item('f2')).getByText('符合')).toBeTruthy();
  expect(item('f2').className).not.toContain('ck-item-failing');
  expect(within(item('f2')).queryByText('拍摄不符合的情况')).toBeNull();
});

test('a failed item needs photos and a note before it can be submitted: errors at the item, scrolled to, nothing sent', async () => {
  signIn(gridworker);
  const sent = network({ 'POST /checks': created('c1') });
  const nav = stubNavigation();
  const scroll = jest.spyOn(Taro, 'pageScrollTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const { container } = await open();
  fireEvent.click(within(item('f1')).getByText('不符合'));
  expect(within(item('f1')).getByText('不符合：提交后将作为一般隐患交办整改')).toBeTruthy();
  await fillTheRest(container);

  fireEvent.click(screen.getByText('提交'));
  expect(await within(item('f1')).findByText('不符合项请拍照留存')).toBeTruthy();
  expect(within(item('f1')).getByText('不符合项请写明情况')).toBeTruthy();
  expect(scroll).toHaveBeenLastCalledWith({ selector: '#ck-item-f1', duration: 300 });
  expect(submits(sent)).toHaveLength(0);
  expect(sent.filter((s) => s.url.endsWith('/hazard-photos'))).toHaveLength(0);

  // 当场整改 asks for the photos after the fix too.
  fireEvent.click(container.querySelector('.ck-fixed-f1')!);
  await within(item('f1')).findByText('拍摄整改后照片');
  stubChooseMedia([jpeg('before.jpg', 1000)]);
  fireEvent.click(within(item('f1')).getByText('拍摄不符合的情况'));
  await within(item('f1')).findByText('✓ 已上传');
  fire(input(container, 'note-f1'), 'input', '二楼灭火器已过期');
  fireEvent.click(screen.getByText('提交'));
  expect(await within(item('f1')).findByText('当场整改请拍摄整改后照片')).toBeTruthy();
  expect(within(item('f1')).queryByText('不符合项请拍照留存')).toBeNull();
  expect(submits(sent)).toHaveLength(0);

  stubChooseMedia([jpeg('after.jpg', 1100)]);
  fireEvent.click(within(item('f1')).getByText('拍摄整改后照片'));
  await waitFor(() => expect(within(item('f1')).getAllByText('✓ 已上传')).toHaveLength(2));
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/packageGridworker/pages/record/index?id=c1' }));
  expect((submits(sent)[0]!.data as { answers: unknown[] }).answers[0]).toEqual({
    itemId: 'f1',
    result: 'fail',
    photos: [keyOf(1)],
    note: '二楼灭火器已过期',
    fixedOnSpot: true,
    fixPhotos: [keyOf(2)],
  });
});

test('photos taken without a connection wait on the phone; submit waits for them; 上传全部 sends them when the network is back', async () => {
  signIn(gridworker);
  let online = false;
  let n = 0;
  const sent = network({
    'POST /hazard-photos': (s) => {
      if (!online) throw new Error('request:fail');
      n += 1;
      const ext = (s.data as { contentType: string }).contentType === 'image/png' ? 'png' : 'jpg';
      return { statusCode: 200, data: { key: keyOf(n, ext), url: postOf(n), fields: {}, expiresAt: '2026-11-20T03:00:00.000Z' } };
    },
    'POST /checks': created('c1'),
  });
  const nav = stubNavigation();
  const { container } = await open();
  fireEvent.click(within(item('f1')).getByText('不符合'));
  stubChooseMedia([jpeg('a.jpg', 1000), jpeg('b.jpg', 1200)]);
  fireEvent.click(within(item('f1')).getByText('拍摄不符合的情况'));
  await waitFor(() => expect(within(item('f1')).getAllByText('上传失败 · 点此重试')).toHaveLength(2));
  expect(within(item('f1')).getByText('网络连接失败，请检查网络后重试')).toBeTruthy();
  // Kept in the draft with their local paths, ready for later.
  await waitFor(() => expect((stored().answers.f1!.photos as { status: string; path: string }[]).map((p) => [p.status, p.path])).toEqual([
    ['failed', 'blob:http://localhost/photo-0'],
    ['failed', 'blob:http://localhost/photo-1'],
  ]));
  fire(input(container, 'note-f1'), 'input', '灭火器过期');
  await fillTheRest(container);

  fireEvent.click(screen.getByText('提交'));
  expect(await within(item('f1')).findByText('还有照片未上传：请点照片重试，或点“上传全部”')).toBeTruthy();
  expect(submits(sent)).toHaveLength(0);

  // One goes again on a tap, the rest with 上传全部.
  online = true;
  fireEvent.click(within(item('f1')).getAllByText('上传失败 · 点此重试')[0]!);
  await within(item('f1')).findByText('✓ 已上传');
  fireEvent.click(screen.getByText('上传全部（1 张未上传）'));
  await waitFor(() => expect(within(item('f1')).getAllByText('✓ 已上传')).toHaveLength(2));
  expect(screen.queryByText(/^上传全部/)).toBeNull();
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
  expect((submits(sent)[0]!.data as { answers: { photos: string[] }[] }).answers[0]!.photos).toEqual([keyOf(1), keyOf(2)]);
});

test('a check-in more than 500 m from the enterprise needs a reason, sent with the check-in', async () => {
  signIn(gridworker);
  stubPosition(FAR);
  const sent = network({ 'POST /checks': created('c1') });
  const nav = stubNavigation();
  const { container } = await open();
  expect(screen.getByText('定位精度 ±30 米 · 距企业 897 米')).toBeTruthy();
  expect(screen.getByText('签到位置距企业超过 500 米，请说明原因（必填）')).toBeTruthy();
  fireEvent.click(within(item('f1')).getByText('符合'));
  await fillTheRest(container);
  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('距离企业超过 500 米，请说明原因')).toBeTruthy();
  expect(submits(sent)).toHaveLength(0);

  await typeInto(container, 'reason', '企业登记位置有误');
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
  expect((submits(sent)[0]!.data as { checkIn: unknown }).checkIn).toEqual({ lng: 117.0991, lat: 36.1987, at: expect.any(String), reason: '企业登记位置有误' });
});

test("the district's distance, downloaded with the templates, decides when a reason is asked, and stays with the draft", async () => {
  signIn(gridworker);
  stubPosition(FAR);
  network({ 'GET /check-templates': { statusCode: 200, data: { templates: [general, template], checkInReasonOverM: 1000 } } });
  stubNavigation();
  await open();
  expect(screen.getByText('定位精度 ±30 米 · 距企业 897 米')).toBeTruthy();
  expect(screen.queryByText(/请说明原因/)).toBeNull();
  await waitFor(() => expect(stored().reasonOverM).toBe(1000));
});

test('a district that sets 20 m asks a reason of a check-in 21 m away', async () => {
  signIn(gridworker);
  network({ 'GET /check-templates': { statusCode: 200, data: { templates: [general, template], checkInReasonOverM: 20 } } });
  stubNavigation();
  await open();
  expect(screen.getByText('签到位置距企业超过 20 米，请说明原因（必填）')).toBeTruthy();
});

test('when the server measures the distance and asks for a reason, the reason field appears with its message', async () => {
  signIn(gridworker);
  let attempts = 0;
  const sent = network({
    'POST /checks': (s) => {
      attempts += 1;
      if (!(s.data as { checkIn: { reason?: string } }).checkIn.reason) {
        return {
          statusCode: 400,
          data: { error: { code: 'VALIDATION_FAILED', message: '签到位置距企业 612 米，超过 500 米，请说明原因', fields: { 'checkIn.reason': '距离较远，请说明原因' } } },
        };
      }
      return created('c1');
    },
  });
  const nav = stubNavigation();
  const { container } = await open();
  fireEvent.click(within(item('f1')).getByText('符合'));
  await fillTheRest(container);
  expect(input(container, 'reason')).toBeNull();
  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('距离较远，请说明原因')).toBeTruthy();
  expect(input(container, 'reason')).toBeTruthy();
  await typeInto(container, 'reason', '在企业东侧分厂检查');
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
  expect(attempts).toBe(2);
  expect((submits(sent)[1]!.data as { checkIn: { reason?: string } }).checkIn.reason).toBe('在企业东侧分厂检查');
});

test('submit sends the ULID, the template version and the answers exactly; a network failure keeps the draft, and the retry sends the identical body', async () => {
  signIn(gridworker);
  let attempts = 0;
  const sent = network({
    'POST /checks': (s) => {
      attempts += 1;
      if (attempts === 1) throw new Error('request:fail timeout');
      return created((s.data as { id: string }).id);
    },
  });
  const nav = stubNavigation();
  const { container } = await open();
  fireEvent.click(screen.getByText('专项检查'));
  fireEvent.click(within(item('f1')).getByText('符合'));
  fireEvent.click(within(item('m1')).getByText('不适用'));
  await fillTheRest(container);

  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('网络连接失败，请检查网络后重试。检查内容已保存为草稿，可稍后再点“提交”')).toBeTruthy();
  const draft = stored();
  expect(draft.signature).toMatchObject({ key: keyOf(1, 'png') });

  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalledWith({ url: `/packageGridworker/pages/record/index?id=${draft.id}` }));
  const [one, two] = submits(sent).map((s) => s.data as Record<string, unknown>);
  expect(two).toEqual(one);
  expect(one).toEqual({
    id: draft.id,
    enterpriseId: 'e1',
    kind: 'special',
    templateId: 'gm-daily',
    templateVersion: 3,
    checkIn: { lng: 117.0893, lat: 36.1988, at: (draft.checkIn as { at: string }).at },
    answers: [
      { itemId: 'f1', result: 'pass', photos: [] },
      { itemId: 'f2', value: 1.5, photos: [] },
      { itemId: 'm1', result: 'na', photos: [] },
      { itemId: 'm2', photos: [] },
    ],
    summary: '灭火器须于一周内更换',
    signatureKey: keyOf(1, 'png'),
    signerName: '赵老板',
  });
  expect(JSON.stringify(one)).not.toContain('undefined');
  expect(String(one!.id)).toMatch(ULID);
  // The signature went up once, as a PNG, like a hazard photo.
  expect(sent.filter((s) => s.url.endsWith('/hazard-photos')).map((s) => s.data)).toEqual([{ contentType: 'image/png', size: 68 }]);
  const posts = fetchMock.mock.calls.filter(([, init]) => (init as RequestInit | undefined)?.method === 'POST');
  expect(posts.map(([url]) => url)).toEqual([postOf(1)]);
  expect(formParts(posts[0]![1])).toEqual([['file', expect.objectContaining({ size: png.size, type: 'image/png' })]]);
  // After success the draft is gone.
  expect(storedDrafts()).toEqual([]);
});

test('an empty form is refused on the phone, with the first problem scrolled to', async () => {
  signIn(gridworker);
  const sent = network();
  stubNavigation();
  const scroll = jest.spyOn(Taro, 'pageScrollTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  render(<CheckPage />);
  await waitFor(() => expect(screen.getByText('工贸企业日常检查表（第 3 版）').closest('.choice')!.className).toContain('choice-on'));
  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('请先在企业现场点“签到”')).toBeTruthy();
  expect(within(item('f1')).getByText('此项为必查项，请填写')).toBeTruthy();
  expect(within(item('f2')).getByText('此项为必查项，请填写')).toBeTruthy();
  expect(within(item('m1')).queryByText('此项为必查项，请填写')).toBeNull();
  expect(screen.getByText('签字人：请填写签字人')).toBeTruthy();
  expect(screen.getByText('请企业人员在签字框内手写签名，并点“确认签名”')).toBeTruthy();
  expect(scroll).toHaveBeenLastCalledWith({ selector: '#ck-checkin', duration: 300 });
  expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0);
});

test('企业自查: no kind to choose and no distance reason; the owner signs', async () => {
  signIn(owner);
  setRoute({ kind: 'self' });
  stubPosition(FAR);
  const sent = network({ 'POST /checks': created('c1') });
  const nav = stubNavigation();
  const { container } = render(<CheckPage />);
  expect(screen.getByText('企业自查')).toBeTruthy();
  expect(screen.queryByText('检查类型')).toBeNull();
  await waitFor(() => expect(screen.getByText('工贸企业日常检查表（第 3 版）').closest('.choice')!.className).toContain('choice-on'));
  // The owner has no area: the district is the enterprise's.
  expect(sent.find((s) => s.url.includes('/check-templates'))!.url).toBe('http://api.test/check-templates?district=370911');
  expect((input(container, 'signerName') as HTMLInputElement).value).toBe('赵老板');
  fireEvent.click(screen.getByText('定位'));
  await screen.findByText(/^✓ 已定位/);
  expect(screen.queryByText(/请说明原因/)).toBeNull();
  fireEvent.click(within(item('f1')).getByText('符合'));
  fire(input(container, 'value-f2'), 'input', '2');
  await sign(container);
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
  expect(submits(sent)[0]!.data).toMatchObject({ kind: 'self', enterpriseId: 'e1', signerName: '赵老板', checkIn: { lng: 117.0991, lat: 36.1987 } });
});

test('without a connection the last downloaded templates are used, with the distance that came with them', async () => {
  signIn(gridworker);
  Taro.setStorageSync('safegrid.checkTemplates.370911', { templates: [template], checkInReasonOverM: 300 });
  stubNetwork({});
  stubNavigation();
  render(<CheckPage />);
  expect(await screen.findByText('网络不可用：显示的是上次下载的检查模板')).toBeTruthy();
  await waitFor(() => expect(screen.getByText('工贸企业日常检查表（第 3 版）').closest('.choice')!.className).toContain('choice-on'));
  expect(screen.getByText('1. 灭火器配置齐全且在有效期内')).toBeTruthy();
  fireEvent.click(screen.getByText('签到'));
  await screen.findByText(/^✓ 已签到/);
  expect(stored().reasonOverM).toBe(300);
});

test('a draft reopened after the app was closed mid-upload sends its waiting photos by itself', async () => {
  signIn(gridworker);
  const bytes = new Blob(['jpeg-bytes'], { type: 'image/jpeg' });
  fetchMock.mockImplementation((url: string) => (url.startsWith('blob:') ? Promise.resolve({ blob: () => Promise.resolve(bytes) }) : Promise.resolve({ status: 200 })));
  const id = '01JD00000000000000000000D1';
  Taro.setStorageSync(`${DRAFT_PREFIX}${id}`, {
    id,
    userId: 'u-gw',
    createdAt: '2026-11-20T01:00:00.000Z',
    updatedAt: '2026-11-20T02:00:00.000Z',
    enterprise: { id: 'e1', name: '泰安市安达化工有限公司', lng: 117.0891, lat: 36.1987 },
    kind: 'daily',
    template,
    checkIn: { lng: 117.0893, lat: 36.1988, at: '2026-11-20T01:05:00.000Z' },
    answers: { f1: { result: 'fail', photos: [{ id: 'p1', path: 'blob:http://localhost/old-0', name: 'a.jpg', size: 10, type: 'image/jpeg', status: 'uploading', stage: 'uploading' }], fixPhotos: [] } },
    summary: '',
    signerName: '',
  });
  setRoute({ draft: id });
  const sent = network();
  stubNavigation();
  render(<CheckPage />);
  expect(await within(item('f1')).findByText('✓ 已上传')).toBeTruthy();
  expect(sent.filter((s) => s.url.endsWith('/hazard-photos')).map((s) => s.data)).toEqual([{ contentType: 'image/jpeg', size: 10 }]);
  await waitFor(() => expect(stored().answers.f1).toMatchObject({ photos: [{ status: 'done', key: keyOf(1), path: 'blob:http://localhost/old-0' }] }));
  expect(stored().id).toBe(id);
});

test('changing the template after answering asks first, and starts the items afresh', async () => {
  signIn(gridworker);
  network();
  stubNavigation();
  const modal = jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: false, cancel: true, errMsg: 'ok' })) as never);
  await open();
  fireEvent.click(within(item('f1')).getByText('符合'));
  fireEvent.click(screen.getByText('通用检查表（第 1 版）'));
  await waitFor(() => expect(modal).toHaveBeenCalledTimes(1));
  expect(screen.getByText('工贸企业日常检查表（第 3 版）').closest('.choice')!.className).toContain('choice-on');
  expect(item('f1')).toBeTruthy();

  modal.mockImplementation((() => Promise.resolve({ confirm: true, cancel: false, errMsg: 'ok' })) as never);
  fireEvent.click(screen.getByText('通用检查表（第 1 版）'));
  expect(await screen.findByText('1. 安全生产责任制已建立')).toBeTruthy();
  expect(document.getElementById('ck-item-f1')).toBeNull();
  await waitFor(() => expect(stored()).toMatchObject({ template: { id: 'general', version: 1 }, answers: {} }));
});

test('a check started for an enterprise with an unsubmitted draft offers to go on with that one', async () => {
  signIn(gridworker);
  const id = '01JD00000000000000000000D1';
  Taro.setStorageSync(`${DRAFT_PREFIX}${id}`, {
    id,
    userId: 'u-gw',
    createdAt: '2026-11-20T01:00:00.000Z',
    updatedAt: '2026-11-20T02:00:00.000Z',
    enterprise: { id: 'e1', name: '泰安市安达化工有限公司' },
    kind: 'daily',
    answers: {},
    summary: '',
    signerName: '',
  });
  network();
  const nav = stubNavigation();
  render(<CheckPage />);
  fireEvent.click(await screen.findByText('该企业有一份未提交的检查草稿（2026-11-20 10:00），点此继续填写 ›'));
  expect(nav.redirectTo).toHaveBeenCalledWith({ url: `/packageGridworker/pages/check/index?draft=${id}` });
});

test('when the phone’s connection comes back, photos that wait are sent by themselves', async () => {
  signIn(gridworker);
  let online = false;
  const listeners: ((res: { isConnected: boolean; networkType: string }) => void)[] = [];
  jest.spyOn(Taro, 'onNetworkStatusChange').mockImplementation(((fn: (typeof listeners)[number]) => void listeners.push(fn)) as never);
  const off = jest.spyOn(Taro, 'offNetworkStatusChange').mockImplementation((() => undefined) as never);
  network({
    'POST /hazard-photos': () => {
      if (!online) throw new Error('request:fail');
      return { statusCode: 200, data: { key: keyOf(1), url: postOf(1), fields: {}, expiresAt: '2026-11-20T03:00:00.000Z' } };
    },
  });
  stubNavigation();
  const view = await open();
  fireEvent.click(within(item('f1')).getByText('不符合'));
  stubChooseMedia([jpeg('a.jpg', 1000)]);
  fireEvent.click(within(item('f1')).getByText('拍摄不符合的情况'));
  await within(item('f1')).findByText('上传失败 · 点此重试');
  online = true;
  act(() => listeners.forEach((fn) => fn({ isConnected: true, networkType: 'wifi' })));
  expect(await within(item('f1')).findByText('✓ 已上传')).toBeTruthy();
  view.unmount();
  expect(off).toHaveBeenCalledWith(listeners[0]);
});

test('409 after a lost answer: the check was recorded by the earlier submit, so the record is shown and the draft cleared', async () => {
  signIn(gridworker);
  const sent = network({
    'POST /checks': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '该检查编号已用于另一条检查记录，请重新开始检查' } } },
    'GET /checks/*': (s) => ({ statusCode: 200, data: { check: checkView({ id: new URL(s.url).pathname.split('/').pop() }) } }),
  });
  const nav = stubNavigation();
  const modal = jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: true, cancel: false, errMsg: 'ok' })) as never);
  const { container } = await open();
  fireEvent.click(within(item('f1')).getByText('符合'));
  await fillTheRest(container);
  const id = stored().id;
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalledWith({ url: `/packageGridworker/pages/record/index?id=${id}` }));
  expect(sent.some((s) => s.method === 'GET' && s.url.endsWith(`/checks/${id}`))).toBe(true);
  expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '检查已提交' }));
  expect(storedDrafts()).toEqual([]);
});

test('409 for a check that was never recorded: the message is shown and the draft kept', async () => {
  signIn(gridworker);
  network({
    'POST /checks': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '该检查编号已用于另一条检查记录，请重新开始检查' } } },
    'GET /checks/*': { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '检查记录不存在' } } },
  });
  const nav = stubNavigation();
  const { container } = await open();
  fireEvent.click(within(item('f1')).getByText('符合'));
  await fillTheRest(container);
  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('该检查编号已用于另一条检查记录，请重新开始检查')).toBeTruthy();
  expect(nav.redirectTo).not.toHaveBeenCalled();
  expect(storedDrafts()).toHaveLength(1);
});
