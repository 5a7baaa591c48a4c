import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import CommitmentSigned from '../src/packageCommitment/pages/signed/index';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';
import { setRoute } from './hazard-fixtures';
import { HASH, KEY, owner, record } from './commitment-fixtures';

const BASE = `/enterprises/e1/commitments/${encodeURIComponent(KEY)}`;

beforeEach(() => setRoute({ enterpriseId: 'e1', key: KEY }));
afterEach(() => {
  setRoute(undefined);
  reset();
});

test('shows the letter as signed: content, answers, signature, signer, time in Asia/Shanghai and the hash', async () => {
  signIn(owner);
  const sent = stubNetwork({ [`GET ${BASE}`]: { statusCode: 200, data: { record: record() } } });
  const nav = stubNavigation();
  const go = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const { container } = render(<CommitmentSigned />);
  expect(await screen.findByText('工贸企业安全生产告知承诺书')).toBeTruthy();
  expect(sent[0]!.url).toBe(`http://api.test${BASE}`);
  expect(screen.getByText('泰安市安达化工有限公司 · 2026年度 · 第 2 版')).toBeTruthy();
  expect(screen.getByText('绿色')).toBeTruthy();
  expect(screen.getByText('安全生产告知书')).toBeTruthy();
  expect(screen.getByText('建立健全全员安全生产责任制')).toBeTruthy();
  expect(screen.getByText('本单位郑重承诺：严格落实安全生产主体责任。')).toBeTruthy();
  // Each item with its answer's label and note.
  const items = container.querySelectorAll('.cm-item');
  expect([...items].map((el) => el.querySelector('.cm-answer')?.textContent)).toEqual(['符合', '不符合', '不适用']);
  expect(within(items[1] as HTMLElement).getByText('说明：二楼仓库灭火器过期')).toBeTruthy();
  // 01:30 UTC is 09:30 in Shanghai.
  expect(screen.getByText('赵老板')).toBeTruthy();
  expect(screen.getByText('2026-03-02 09:30')).toBeTruthy();
  const img = container.querySelector('.cm-signature-img');
  expect(img?.getAttribute('src')).toBe(`data:image/png;base64,${record().signaturePng}`);
  expect(screen.getByText(HASH).closest('.cm-hash')).toBeTruthy();
  // The self-check's failed item became a hazard, one tap away.
  expect(screen.getByText('自查不符合 1 项，已转为隐患整改：')).toBeTruthy();
  fireEvent.click(screen.getByText('查看隐患 1 ›'));
  expect(go).toHaveBeenCalledWith({ url: '/packageHazard/pages/detail/index?id=01JD7HAZARD000000000000001' });
  expect(nav.reLaunch).not.toHaveBeenCalled();
});

test('校验 shows 校验通过 ✓ when the server recomputes the same hash', async () => {
  signIn(owner);
  const sent = stubNetwork({
    [`GET ${BASE}`]: { statusCode: 200, data: { record: record() } },
    [`GET ${BASE}/verify`]: { statusCode: 200, data: { valid: true, hash: HASH, computed: HASH, enterpriseName: '泰安市安达化工有限公司', year: 2026, signedOn: '2026-03-02' } },
  });
  stubNavigation();
  render(<CommitmentSigned />);
  fireEvent.click(await screen.findByText('校验'));
  const ok = await screen.findByText('校验通过 ✓');
  expect(ok.closest('.cm-verify')!.className).toContain('cm-verify-ok');
  expect(screen.queryByText('校验失败：记录已被改动')).toBeNull();
  expect(sent.map((s) => s.url)).toContain(`http://api.test${BASE}/verify`);
});

test('校验 shows 校验失败：记录已被改动 in red when the record was changed', async () => {
  signIn(owner);
  stubNetwork({
    [`GET ${BASE}`]: { statusCode: 200, data: { record: record() } },
    [`GET ${BASE}/verify`]: { statusCode: 200, data: { valid: false, hash: HASH, computed: 'b'.repeat(64), enterpriseName: '泰安市安达化工有限公司', year: 2026, signedOn: '2026-03-02' } },
  });
  stubNavigation();
  render(<CommitmentSigned />);
  fireEvent.click(await screen.findByText('校验'));
  const bad = await screen.findByText('校验失败：记录已被改动');
  expect(bad.closest('.cm-verify')!.className).toContain('cm-verify-bad');
  expect(screen.getByText(`重新计算的哈希：${'b'.repeat(64)}`)).toBeTruthy();
  expect(screen.queryByText('校验通过 ✓')).toBeNull();
});

test('下载PDF opens the PDF as the hazard letters do (a new tab in H5); a failure says so', async () => {
  signIn(owner);
  let calls = 0;
  const sent = stubNetwork({
    [`GET ${BASE}`]: { statusCode: 200, data: { record: record() } },
    [`GET ${BASE}/pdf`]: () => {
      calls += 1;
      return calls === 1
        ? { statusCode: 200, data: { url: 'https://s3.test/commitments/e1/letter.pdf?sig=1' } }
        : { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '承诺书不存在' } } };
    },
  });
  stubNavigation();
  const open = jest.spyOn(window, 'open').mockImplementation(() => ({}) as Window);
  render(<CommitmentSigned />);
  fireEvent.click(await screen.findByText('下载PDF'));
  await waitFor(() => expect(open).toHaveBeenCalledWith('https://s3.test/commitments/e1/letter.pdf?sig=1', '_blank'));
  expect(sent.map((s) => s.url)).toContain(`http://api.test${BASE}/pdf`);
  fireEvent.click(screen.getByText('下载PDF'));
  expect(await screen.findByText('承诺书不存在')).toBeTruthy();
});
