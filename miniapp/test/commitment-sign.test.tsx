import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import CommitmentSign from '../src/packageCommitment/pages/sign/index';
import { formParts, reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, setRoute } from './hazard-fixtures';
import { KEY, SIGNATURE_KEY, TPL, commitments, owner, record, stubLetterEnd, template } from './commitment-fixtures';

const BUCKET = 'https://s3.test/bucket';
const FIELDS = { key: SIGNATURE_KEY, 'Content-Type': 'image/png', 'X-Amz-Signature': '1' };
const DRAFT = `safegrid.commitmentDraft.e1.${TPL}.v2`;
const signedReply = { statusCode: 200, data: { record: record() } };

let fetchMock: jest.Mock;
let png: Blob;
beforeEach(() => {
  setRoute({ enterpriseId: 'e1' });
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

function network(extra: Parameters<typeof stubNetwork>[0] = {}): Sent[] {
  return stubNetwork({
    'GET /enterprises/e1/commitments': { statusCode: 200, data: commitments() },
    'POST /signature-uploads': { statusCode: 200, data: { key: SIGNATURE_KEY, url: BUCKET, fields: FIELDS, expiresAt: '2026-03-02T02:00:00.000Z' } },
    ...extra,
  });
}

const signs = (sent: Sent[]) => sent.filter((s) => s.method === 'POST' && new URL(s.url).pathname === '/enterprises/e1/commitments');
const uploads = (sent: Sent[]) => sent.filter((s) => new URL(s.url).pathname === '/signature-uploads');
const item = (n: number) => document.getElementById(`cm-item-c${n}`)!;
const submitButton = () => screen.getByText('确认签署').closest('.nut-button')!;
const isDisabled = () => submitButton().className.includes('nut-button-disabled');

function answer(n: number, label: '符合' | '不符合' | '不适用') {
  fireEvent.click(within(item(n)).getByText(label));
}

/** Draw a stroke on the pad and confirm it. */
async function sign(container: HTMLElement) {
  const pad = container.querySelector('canvas#pad')!;
  fireEvent.mouseDown(pad, { clientX: 10, clientY: 10 });
  for (let i = 1; i <= 8; i += 1) fireEvent.mouseMove(pad, { clientX: 10 + i * 6, clientY: 10 + i * 2 });
  fireEvent.mouseUp(pad);
  fireEvent.click(screen.getByText('确认签名'));
  await screen.findByText('✓ 签名已确认');
}

test('signing stays locked until the letter has been scrolled to its end and every item is answered', async () => {
  signIn(owner);
  const sent = network();
  stubNavigation();
  const end = stubLetterEnd(3000);
  const { container } = render(<CommitmentSign />);
  expect(await screen.findByText('工贸企业安全生产告知承诺书')).toBeTruthy();
  // The three parts, in order.
  expect(screen.getByText('一、告知书')).toBeTruthy();
  expect(screen.getByText('根据《安全生产法》，企业是安全生产的责任主体，主要负责人对本单位安全生产工作全面负责。')).toBeTruthy();
  expect(screen.getByText('依据：《安全生产法》第四条')).toBeTruthy();
  expect(screen.getByText('如违反上述承诺，愿意承担相应法律责任。')).toBeTruthy();
  expect(screen.getByText('绿色')).toBeTruthy();

  expect(isDisabled()).toBe(true);
  expect(screen.getByText('请阅读至承诺书末尾')).toBeTruthy();
  expect(screen.getByText('还有 3 项自查未作答')).toBeTruthy();
  expect(container.querySelector('canvas#pad')).toBeNull();

  // Every item answered, but the end of the letter has not been on screen.
  answer(1, '符合');
  answer(2, '符合');
  answer(3, '不适用');
  expect(screen.getByText('✓ 自查表已全部作答')).toBeTruthy();
  expect(isDisabled()).toBe(true);
  // Scrolling that does not reach the end changes nothing.
  act(() => end.scrollTo(1500));
  expect(isDisabled()).toBe(true);
  fireEvent.click(screen.getByText('确认签署'));
  expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0);

  // The end comes into view: signing unlocks.
  act(() => end.scrollTo(600));
  await waitFor(() => expect(isDisabled()).toBe(false));
  expect(container.querySelector('canvas#pad')).toBeTruthy();

  // Taking an answer back is not possible with chips; a read letter stays read while answers change.
  answer(3, '符合');
  expect(isDisabled()).toBe(false);
});

test('read to the end but one item unanswered: still locked', async () => {
  signIn(owner);
  network();
  stubNavigation();
  // A short letter: its end is on screen as soon as it is drawn.
  stubLetterEnd(400);
  render(<CommitmentSign />);
  expect(await screen.findByText('✓ 已阅读至末尾')).toBeTruthy();
  answer(1, '符合');
  answer(2, '符合');
  expect(screen.getByText('还有 1 项自查未作答')).toBeTruthy();
  expect(isDisabled()).toBe(true);
  answer(3, '符合');
  await waitFor(() => expect(isDisabled()).toBe(false));
});

test('a 不符合 answer without a note is refused on the phone, next to its item, and nothing is sent', async () => {
  signIn(owner);
  const sent = network({ 'POST /enterprises/e1/commitments': signedReply });
  const nav = stubNavigation();
  stubLetterEnd(400);
  const { container } = render(<CommitmentSign />);
  await screen.findByText('✓ 已阅读至末尾');
  answer(1, '符合');
  answer(2, '不符合');
  answer(3, '符合');
  expect(within(item(2)).getByText('此项将转为隐患，由网格员核实后督促整改')).toBeTruthy();
  await waitFor(() => expect(isDisabled()).toBe(false));
  await sign(container);

  fireEvent.click(screen.getByText('确认签署'));
  expect(await within(item(2)).findByText('选择“不符合”时请写明不符合的情况')).toBeTruthy();
  expect(uploads(sent)).toHaveLength(0);
  expect(signs(sent)).toHaveLength(0);

  // With the note written, it goes.
  fire(container.querySelector('[name="note-c2"]'), 'input', '二楼仓库灭火器过期');
  fireEvent.click(screen.getByText('确认签署'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
  expect((signs(sent)[0]!.data as { answers: unknown[] }).answers[1]).toEqual({ itemId: 'c2', answer: 'no', note: '二楼仓库灭火器过期' });
});

test('signing uploads the PNG, then sends the template id and version, the answers, the signature key and the signer', async () => {
  signIn(owner);
  const sent = network({ 'POST /enterprises/e1/commitments': signedReply });
  const nav = stubNavigation();
  stubLetterEnd(400);
  const { container } = render(<CommitmentSign />);
  await screen.findByText('✓ 已阅读至末尾');
  answer(1, '符合');
  answer(2, '不符合');
  fire(container.querySelector('[name="note-c2"]'), 'input', '  二楼仓库灭火器过期 ');
  answer(3, '不适用');
  await waitFor(() => expect(isDisabled()).toBe(false));
  expect(screen.getByText('自查有 1 项不符合：签署后将转为隐患，需按期整改。')).toBeTruthy();
  // The signer is the signed-in user, and may be corrected.
  const name = container.querySelector('[name="signerName"]') as HTMLInputElement & { value: string };
  expect(name.value).toBe('赵老板');
  fire(name, 'input', '赵大勇');
  await sign(container);

  fireEvent.click(screen.getByText('确认签署'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalledWith({ url: `/packageCommitment/pages/signed/index?enterpriseId=e1&key=${encodeURIComponent(KEY)}` }));

  expect(uploads(sent).map((s) => s.data)).toEqual([{ contentType: 'image/png', size: 68 }]);
  // The canvas's PNG (the data: URL the pad exported) is what goes to the presigned POST, after its fields.
  expect(fetchMock.mock.calls.map(([url]) => (String(url).startsWith('data:') ? 'data:' : url))).toEqual(['data:', BUCKET]);
  expect(fetchMock.mock.calls[1]![1]).toEqual({ method: 'POST', body: expect.any(FormData) });
  expect(formParts(fetchMock.mock.calls[1]![1])).toEqual([...Object.entries(FIELDS), ['file', expect.objectContaining({ size: png.size, type: 'image/png' })]]);
  expect(signs(sent)).toHaveLength(1);
  expect(signs(sent)[0]!.data).toEqual({
    templateId: TPL,
    templateVersion: 2,
    answers: [
      { itemId: 'c1', answer: 'yes' },
      { itemId: 'c2', answer: 'no', note: '二楼仓库灭火器过期' },
      { itemId: 'c3', answer: 'na' },
    ],
    signatureKey: SIGNATURE_KEY,
    signerName: '赵大勇',
  });
  // The draft is gone once the letter is signed.
  expect(Taro.getStorageSync(DRAFT)).toBe('');
});

test('without a confirmed signature nothing is sent; a failed signing is retried with the same upload', async () => {
  signIn(owner);
  let attempts = 0;
  const sent = network({
    'POST /enterprises/e1/commitments': () => {
      attempts += 1;
      if (attempts === 1) throw new Error('request:fail timeout');
      return signedReply;
    },
  });
  const nav = stubNavigation();
  stubLetterEnd(400);
  const { container } = render(<CommitmentSign />);
  await screen.findByText('✓ 已阅读至末尾');
  [1, 2, 3].forEach((n) => answer(n, '符合'));
  await waitFor(() => expect(isDisabled()).toBe(false));
  fireEvent.click(screen.getByText('确认签署'));
  expect(await screen.findByText('请在签名框内手写签名，并点“确认签名”')).toBeTruthy();
  expect(sent.filter((s) => s.method === 'POST')).toHaveLength(0);

  await sign(container);
  fireEvent.click(screen.getByText('确认签署'));
  expect(await screen.findByText('网络连接失败，请检查网络后重试。已填写的内容已保存，可稍后再点“确认签署”')).toBeTruthy();
  fireEvent.click(screen.getByText('确认签署'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
  expect(uploads(sent)).toHaveLength(1);
  expect(signs(sent).map((s) => (s.data as { signatureKey: string }).signatureKey)).toEqual([SIGNATURE_KEY, SIGNATURE_KEY]);
});

test("the server's field errors are shown where they belong", async () => {
  signIn(owner);
  network({
    'POST /enterprises/e1/commitments': {
      statusCode: 400,
      data: { error: { code: 'VALIDATION_FAILED', message: '请检查填写内容', fields: { 'answers.1.note': '请写明不符合的情况', signerName: '签署人：不能超过60个字符' } } },
    },
  });
  stubNavigation();
  stubLetterEnd(400);
  const { container } = render(<CommitmentSign />);
  await screen.findByText('✓ 已阅读至末尾');
  answer(1, '符合');
  answer(2, '不符合');
  fire(container.querySelector('[name="note-c2"]'), 'input', '过期');
  answer(3, '符合');
  await waitFor(() => expect(isDisabled()).toBe(false));
  await sign(container);
  fireEvent.click(screen.getByText('确认签署'));
  expect(await within(item(2)).findByText('请写明不符合的情况')).toBeTruthy();
  expect(within(document.getElementById('cm-signer')!).getByText('签署人：不能超过60个字符')).toBeTruthy();
});

test('a 409 (the template changed) says so and reloads: the new version must be read and answered again', async () => {
  signIn(owner);
  let loads = 0;
  const next = { ...template, version: 3, title: '工贸企业安全生产告知承诺书（修订）' };
  const sent = network({
    'GET /enterprises/e1/commitments': () => {
      loads += 1;
      return { statusCode: 200, data: commitments(loads === 1 ? {} : { owed: next }) };
    },
    'POST /enterprises/e1/commitments': {
      statusCode: 409,
      data: { error: { code: 'CONFLICT', message: '承诺书已更新或不适用于本企业，请刷新后重新阅读签署', fields: { templateVersion: '承诺书已更新' } } },
    },
  });
  const nav = stubNavigation();
  const end = stubLetterEnd(400);
  const { container } = render(<CommitmentSign />);
  await screen.findByText('✓ 已阅读至末尾');
  [1, 2, 3].forEach((n) => answer(n, '符合'));
  await waitFor(() => expect(isDisabled()).toBe(false));
  await sign(container);
  end.scrollTo(3000);
  fireEvent.click(screen.getByText('确认签署'));

  expect(await screen.findByText('承诺书已更新或不适用于本企业，请刷新后重新阅读签署（已重新加载）')).toBeTruthy();
  expect(await screen.findByText('工贸企业安全生产告知承诺书（修订）')).toBeTruthy();
  expect(loads).toBe(2);
  expect(signs(sent)).toHaveLength(1);
  expect(nav.redirectTo).not.toHaveBeenCalled();
  // Version 3 is a new letter: unread and unanswered.
  expect(screen.getByText('请阅读至承诺书末尾')).toBeTruthy();
  expect(screen.getByText('还有 3 项自查未作答')).toBeTruthy();
  expect(isDisabled()).toBe(true);
  // The old version's draft is dropped.
  expect(Taro.getStorageSync(DRAFT)).toBe('');
});

test('the answers are kept on the phone while answering and come back when the page opens again', async () => {
  signIn(owner);
  network();
  stubNavigation();
  stubLetterEnd(3000);
  const first = render(<CommitmentSign />);
  await screen.findByText('工贸企业安全生产告知承诺书');
  answer(1, '符合');
  answer(2, '不符合');
  fire(first.container.querySelector('[name="note-c2"]'), 'input', '灭火器过期');
  await waitFor(() => expect(Taro.getStorageSync(DRAFT)).toMatchObject({ answers: { c1: { answer: 'yes' }, c2: { answer: 'no', note: '灭火器过期' } } }));
  first.unmount();

  const again = render(<CommitmentSign />);
  await screen.findByText('工贸企业安全生产告知承诺书');
  expect(within(item(1)).getByText('符合').closest('.choice')!.className).toContain('choice-on');
  expect(within(item(2)).getByText('不符合').closest('.choice')!.className).toContain('choice-on');
  expect((again.container.querySelector('[name="note-c2"]') as HTMLTextAreaElement & { value: string }).value).toBe('灭火器过期');
  expect(screen.getByText('还有 1 项自查未作答')).toBeTruthy();
});

test('a reply without its signed list shows the error and a retry, not a blank page', async () => {
  signIn(owner);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const { signed: _, ...incomplete } = commitments();
  let reply: unknown = incomplete;
  network({ 'GET /enterprises/e1/commitments': () => ({ statusCode: 200, data: reply }) });
  stubNavigation();
  stubLetterEnd(3000);
  render(<CommitmentSign />);
  expect(await screen.findByText('服务返回的数据不完整，请稍后重试')).toBeTruthy();
  reply = commitments();
  fireEvent.click(screen.getByText('重试'));
  expect(await screen.findByText('工贸企业安全生产告知承诺书')).toBeTruthy();
});

test('nothing owed: says the letter of this year is signed and leads to the list', async () => {
  signIn(owner);
  stubNetwork({
    'GET /enterprises/e1/commitments': {
      statusCode: 200,
      data: commitments({ owed: undefined, signed: [{ ...record(), key: KEY }].map(({ key, year, templateId, templateVersion, colour, title, signerName, signedAt, hash }) => ({ key, year, templateId, templateVersion, colour, title, signerName, signedAt, hash })) }),
    },
  });
  const nav = stubNavigation();
  render(<CommitmentSign />);
  expect(await screen.findByText('本年度承诺书已签署')).toBeTruthy();
  fireEvent.click(screen.getByText('查看本企业的承诺书'));
  expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/packageCommitment/pages/list/index?enterpriseId=e1' });
});
