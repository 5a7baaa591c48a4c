import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import CommitmentVerify from '../src/packageCommitment/pages/verify/index';
import { reset, stubNetwork } from './helpers';
import { setRoute } from './hazard-fixtures';
import { HASH, KEY } from './commitment-fixtures';

const BASE = `/enterprises/e1/commitments/${encodeURIComponent(KEY)}/verify`;
const VALID = { valid: true, hash: HASH, computed: HASH, enterpriseName: '泰安市安达化工有限公司', year: 2026, signedOn: '2026-03-02' };

afterEach(() => {
  setRoute(undefined);
  reset();
});

test('opens from the QR code, not signed in, and shows only validity, enterprise, year and signing date', async () => {
  setRoute({ code: encodeURIComponent(`safegrid:commitment:e1:${KEY}:${HASH}`) });
  const sent = stubNetwork({ [`GET ${BASE}`]: { statusCode: 200, data: VALID } });
  const { container } = render(<CommitmentVerify />);
  expect(await screen.findByText('校验通过：承诺书真实有效，内容未被改动 ✓')).toBeTruthy();
  expect(sent).toHaveLength(1);
  expect(sent[0]!.url).toBe(`http://api.test${BASE}?hash=${HASH}`);
  expect(sent[0]!.header?.Authorization).toBeUndefined();
  expect(screen.getByText('泰安市安达化工有限公司')).toBeTruthy();
  expect(screen.getByText('2026年度')).toBeTruthy();
  expect(screen.getByText('2026-03-02')).toBeTruthy();
  // Nothing else of the letter: no signer, no signature, no hash.
  expect(container.querySelector('img')).toBeNull();
  expect(container.textContent).not.toContain(HASH);
  expect(container.textContent).not.toContain('签署人');
});

test('a typed number is checked; a tampered record, an unknown number and a malformed one each say so', async () => {
  setRoute({});
  let reply = { statusCode: 200, data: { ...VALID, valid: false } as unknown };
  const sent = stubNetwork({ 'GET /enterprises/*': () => reply });
  const { container } = render(<CommitmentVerify />);
  const input = container.querySelector('[name="code"]')!;
  const type = (value: string) => fireEvent.input(input, { detail: { value }, target: { value } });

  type('not a number');
  fireEvent.click(screen.getByText('校验'));
  expect(await screen.findByText(/编号格式不正确/)).toBeTruthy();
  expect(sent).toHaveLength(0);

  type(`e1-${KEY}`);
  fireEvent.click(screen.getByText('校验'));
  expect(await screen.findByText('校验失败：记录已被改动，与签署时不一致')).toBeTruthy();
  expect(sent[0]!.url).toBe(`http://api.test${BASE}`);

  reply = { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到该承诺书，请核对编号或重新扫码' } } };
  type(`e9-${KEY}`);
  fireEvent.click(screen.getByText('校验'));
  expect(await screen.findByText('未找到：未找到该承诺书，请核对编号或重新扫码')).toBeTruthy();
  expect(screen.queryByText('泰安市安达化工有限公司')).toBeNull();
  // A 404 here does not send anyone to sign in.
  await waitFor(() => expect(sent).toHaveLength(2));
});

test('扫码 reads the QR code with the camera and checks it', async () => {
  setRoute({});
  stubNetwork({ [`GET ${BASE}`]: { statusCode: 200, data: VALID } });
  jest.spyOn(Taro, 'scanCode').mockImplementation((() => Promise.resolve({ result: `safegrid:commitment:e1:${KEY}:${HASH}`, errMsg: 'scanCode:ok' })) as never);
  render(<CommitmentVerify />);
  fireEvent.click(screen.getByText('扫码'));
  expect(await screen.findByText('校验通过：承诺书真实有效，内容未被改动 ✓')).toBeTruthy();
});
