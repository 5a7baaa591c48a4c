/**
 * 其余全部符合 (issue #21, item 5): after the failures are marked, one tap answers every pass-fail item
 * still unanswered as 符合, visibly (a tag on each, a count), each still changeable; it never touches
 * an answered item, nor a number, text or photo item; the submission carries what it filled.
 */
import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import CheckPage from '../src/packageGridworker/pages/check/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, jpeg, setRoute, stubChooseMedia } from './hazard-fixtures';
import { checkView, enterprise, gridworker, keyOf, postOf, sign, stubPosition, type Template } from './check-fixtures';

/** Six pass-fail items (p1–p6), a number, a text and a photo item, over two sections. */
const template: Template = {
  id: 'gm-rest',
  version: 1,
  name: '工贸企业巡查表',
  industries: ['工贸'],
  publishedAt: '2026-10-01T02:00:00.000Z',
  sections: [
    {
      title: '一、消防安全',
      items: [
        { id: 'p1', text: '疏散通道畅通', kind: 'passfail', failLevel: '重大', required: true },
        { id: 'p2', text: '灭火器在有效期内', kind: 'passfail', failLevel: '一般', required: true },
        { id: 'p3', text: '应急照明完好', kind: 'passfail', failLevel: '一般', required: true },
        { id: 'n1', text: '疏散通道净宽度', kind: 'number', min: 1.4, unit: '米', failLevel: '重大', required: false },
      ],
    },
    {
      title: '二、现场管理',
      items: [
        { id: 'p4', text: '配电箱无可燃物堆放', kind: 'passfail', failLevel: '一般', required: true },
        { id: 'p5', text: '电气线路无私拉乱接', kind: 'passfail', failLevel: '一般', required: true },
        { id: 'p6', text: '安全警示标志齐全', kind: 'passfail', failLevel: '一般', required: false },
        { id: 't1', text: '现场管理情况', kind: 'text', failLevel: '一般', required: false },
        { id: 'ph', text: '现场照片', kind: 'photo', failLevel: '一般', required: false },
      ],
    },
  ],
};

const DRAFT_PREFIX = 'safegrid.checkDraft.';
let fetchMock: jest.Mock;
beforeEach(() => {
  setRoute({ enterpriseId: 'e1', name: '泰安市安达化工有限公司' });
  stubPosition();
  const png = new Blob(['png-bytes'], { type: 'image/png' });
  fetchMock = jest.fn((url: string) => (url.startsWith('data:image/png;base64,') ? Promise.resolve({ blob: () => Promise.resolve(png) }) : Promise.resolve({ status: 200 })));
  (globalThis as { fetch?: unknown }).fetch = fetchMock;
});
afterEach(() => {
  delete (globalThis as { fetch?: unknown }).fetch;
  setRoute(undefined);
  reset();
});

function network(): Sent[] {
  let n = 0;
  return stubNetwork({
    'GET /enterprises/e1': { statusCode: 200, data: { enterprise, history: [] } },
    'GET /check-templates': { statusCode: 200, data: { templates: [template], checkInReasonOverM: 500 } },
    'POST /hazard-photos': (sent) => {
      n += 1;
      const ext = (sent.data as { contentType: string }).contentType === 'image/png' ? 'png' : 'jpg';
      return { statusCode: 200, data: { key: keyOf(n, ext), url: postOf(n), fields: {}, expiresAt: '2026-11-20T03:00:00.000Z' } };
    },
    'POST /checks': { statusCode: 200, data: { check: checkView({ id: 'c-rest' }) } },
  });
}

const item = (id: string) => document.getElementById(`ck-item-${id}`)!;
const input = (container: HTMLElement, name: string) => container.querySelector(`[name="${name}"]`);
const resultOf = (id: string, label: '符合' | '不符合' | '不适用') => within(item(id)).getByText(label).closest('.ck-result')!;
const isOn = (id: string, label: '符合' | '不符合' | '不适用') => resultOf(id, label).className.includes('ck-result-on');
const tagged = (id: string) => within(item(id)).queryByText('自动填写') !== null;
const fillRest = () => screen.queryByText(/^其余全部符合/);
const stored = () => {
  const key = Taro.getStorageInfoSync().keys.find((k) => k.startsWith(DRAFT_PREFIX))!;
  return Taro.getStorageSync(key) as { answers: Record<string, { result?: string; auto?: boolean }> };
};

async function open() {
  const view = render(<CheckPage />);
  await waitFor(() => expect(screen.getByText('工贸企业巡查表（第 1 版）').closest('.choice')!.className).toContain('choice-on'));
  fireEvent.click(screen.getByText('签到'));
  await screen.findByText(/^✓ 已签到/);
  return view;
}

test('fills only the unanswered pass-fail items, shows which, keeps each changeable, and the submission carries them', async () => {
  signIn(gridworker);
  const sent = network();
  const nav = stubNavigation();
  const { container } = await open();

  // Nothing answered yet: nothing to call "the rest".
  expect(fillRest()).toBeNull();

  // The inspector marks what they found: p2 fails (with its evidence), p3 does not apply, p5 passes, a width measured.
  fireEvent.click(within(item('p2')).getByText('不符合'));
  stubChooseMedia([jpeg('p2.jpg', 1000)]);
  fireEvent.click(within(item('p2')).getByText('拍摄不符合的情况'));
  await within(item('p2')).findByText('✓ 已上传');
  fire(input(container, 'note-p2'), 'input', '灭火器已过期');
  fireEvent.click(within(item('p3')).getByText('不适用'));
  fireEvent.click(within(item('p5')).getByText('符合'));
  fire(input(container, 'value-n1'), 'input', '1.6');
  expect(screen.getByText('已填 4/9 项')).toBeTruthy();

  // p1, p4 and p6 are the pass-fail items left.
  expect(fillRest()!.textContent).toBe('其余全部符合（3 项）');
  fireEvent.click(fillRest()!);

  for (const id of ['p1', 'p4', 'p6']) {
    expect(isOn(id, '符合')).toBe(true);
    expect(tagged(id)).toBe(true);
  }
  // Answered items are as they were, and not tagged.
  expect(isOn('p2', '不符合')).toBe(true);
  expect(isOn('p2', '符合')).toBe(false);
  expect(isOn('p3', '不适用')).toBe(true);
  expect(isOn('p5', '符合')).toBe(true);
  for (const id of ['p2', 'p3', 'p5', 'n1', 't1', 'ph']) expect(tagged(id)).toBe(false);
  // The number, text and photo items are left to the inspector.
  expect((input(container, 'value-n1') as HTMLInputElement).value).toBe('1.6');
  expect(within(item('t1')).queryByText('✓ 不适用')).toBeNull();
  expect(within(item('ph')).queryByText('✓ 不适用')).toBeNull();
  expect(screen.getByText('已自动填写 3 项符合（标有“自动填写”），可逐项修改')).toBeTruthy();
  expect(screen.getByText('已填 7/9 项')).toBeTruthy();
  // Nothing left to fill: the action is gone.
  expect(fillRest()).toBeNull();
  // The draft keeps which were filled, so a reopened check still shows them.
  await waitFor(() => expect(stored().answers.p4).toMatchObject({ result: 'pass', auto: true }));
  expect(stored().answers.p5).toMatchObject({ result: 'pass' });
  expect(stored().answers.p5!.auto).toBeUndefined();

  // Each filled item is still the inspector's to change: p6 does not apply after all.
  fireEvent.click(within(item('p6')).getByText('不适用'));
  expect(isOn('p6', '不适用')).toBe(true);
  expect(tagged('p6')).toBe(false);
  expect(screen.getByText('已自动填写 2 项符合（标有“自动填写”），可逐项修改')).toBeTruthy();
  // Tapping 符合 on a filled item makes it their own answer.
  fireEvent.click(within(item('p1')).getByText('符合'));
  expect(tagged('p1')).toBe(false);
  expect(screen.getByText('已自动填写 1 项符合（标有“自动填写”），可逐项修改')).toBeTruthy();

  fire(input(container, 'signerName'), 'input', '赵老板');
  await sign(container);
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/packageGridworker/pages/record/index?id=c-rest' }));
  const body = sent.find((s) => s.method === 'POST' && new URL(s.url).pathname === '/checks')!.data as { answers: Record<string, unknown>[] };
  // Every item in the template's order; the filled one goes as a plain 符合 (the marker stays on the phone).
  expect(body.answers).toEqual([
    { itemId: 'p1', result: 'pass', photos: [] },
    { itemId: 'p2', result: 'fail', photos: [keyOf(1)], note: '灭火器已过期' },
    { itemId: 'p3', result: 'na', photos: [] },
    { itemId: 'n1', value: 1.6, photos: [] },
    { itemId: 'p4', result: 'pass', photos: [] },
    { itemId: 'p5', result: 'pass', photos: [] },
    { itemId: 'p6', result: 'na', photos: [] },
    { itemId: 't1', photos: [] },
    { itemId: 'ph', photos: [] },
  ]);
});

test('撤销 returns the filled items, and only those, to unanswered', async () => {
  signIn(gridworker);
  network();
  stubNavigation();
  await open();
  fireEvent.click(within(item('p1')).getByText('不符合'));
  fireEvent.click(within(item('p2')).getByText('符合'));
  expect(fillRest()!.textContent).toBe('其余全部符合（4 项）');
  fireEvent.click(fillRest()!);
  expect(screen.getByText('已自动填写 4 项符合（标有“自动填写”），可逐项修改')).toBeTruthy();
  // One filled item is changed by hand before the undo: it stays as the inspector left it.
  fireEvent.click(within(item('p4')).getByText('不符合'));

  fireEvent.click(screen.getByText('撤销'));
  for (const id of ['p3', 'p5', 'p6']) {
    expect(isOn(id, '符合')).toBe(false);
    expect(tagged(id)).toBe(false);
  }
  expect(isOn('p1', '不符合')).toBe(true);
  expect(isOn('p2', '符合')).toBe(true);
  expect(isOn('p4', '不符合')).toBe(true);
  expect(screen.queryByText(/^已自动填写/)).toBeNull();
  expect(fillRest()!.textContent).toBe('其余全部符合（3 项）');
  // The draft on the phone too.
  await waitFor(() => expect(stored().answers.p4).toMatchObject({ result: 'fail' }));
  for (const id of ['p3', 'p5', 'p6']) expect(stored().answers[id]).toEqual({ photos: [], fixPhotos: [] });
});
