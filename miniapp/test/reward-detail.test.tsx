import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import RewardDetail from '../src/packageReward/pages/detail/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, setRoute } from './hazard-fixtures';
import { events, got, reward, supervisor } from './reward-fixtures';

beforeEach(() => setRoute({ id: 'r1' }));
afterEach(() => {
  setRoute(undefined);
  reset();
});

const posts = (sent: Sent[], path: string) => sent.filter((s) => s.method === 'POST' && new URL(s.url).pathname === path).map((s) => s.data);
const actionButtons = (container: HTMLElement) => [...container.querySelectorAll('.rw-actions .rw-action')].map((b) => b.textContent);
async function tap(label: string) {
  await screen.findByText('处理记录');
  fireEvent.click(within(document.querySelector('.rw-actions') as HTMLElement).getByText(label));
}
const fieldOf = (container: HTMLElement, name: string) => container.querySelector(`[name="${name}"]`)!.closest('.field, .rw-field') as HTMLElement;
const stubModal = (confirm: boolean) =>
  jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm, cancel: !confirm, errMsg: 'ok' })) as never);

test('everything a supervisor needs to decide: reporter, rule, approvals, payment, and the audit trail in Shanghai time', async () => {
  signIn(supervisor);
  stubNetwork({
    'GET /rewards/r1': got(
      reward({
        state: 'awaiting_second',
        level: '重大',
        amountFen: 150000,
        approvals: [{ byName: '李监管', at: '2026-11-21T02:00:00.000Z', amountFen: 150000, reason: '及时发现重大隐患' }],
        actions: ['approve', 'reject'],
        canApprove: false,
      }),
      [...events, { seq: 3, at: '2026-11-22T03:00:00.000Z', kind: 'note', byName: '王监管', from: 'awaiting_second', to: 'awaiting_second', detail: '已电话核实' }],
    ),
  });
  stubNavigation();
  const { container } = render(<RewardDetail />);
  expect(await screen.findByText('赵公众的举报奖励')).toBeTruthy();
  expect(screen.getByText('群众随手拍 · 举报于 2026-11-20 14:03')).toBeTruthy();
  expect(screen.getByText('138****0000')).toBeTruthy();
  expect(screen.getByText('第 2 版')).toBeTruthy();
  expect(screen.getByText('一号微网格')).toBeTruthy();
  expect(screen.getByText('泰安市安达化工有限公司')).toBeTruthy();
  const kv = (k: string) => screen.getByText(k, { selector: '.kv-label' }).closest('.kv')!.querySelector('.kv-value')!.textContent;
  expect(kv('规则金额')).toBe('50.00 元');
  expect(kv('核定金额')).toBe('1,500.00 元');
  expect(kv('隐患等级')).toBe('重大');
  expect(kv('状态')).toBe('待复核');
  const approval = container.querySelector('.rw-approval') as HTMLElement;
  expect(within(approval).getByText('审核：李监管')).toBeTruthy();
  expect(within(approval).getByText('2026-11-21 10:00')).toBeTruthy();
  expect(within(approval).getByText('理由：及时发现重大隐患')).toBeTruthy();

  const trail = [...container.querySelectorAll('.rw-event')].map((e) => [
    e.querySelector('.rw-event-label')!.textContent,
    e.querySelector('.muted')!.textContent,
    e.querySelector('.rw-event-by')!.textContent,
    e.querySelector('.rw-event-detail')?.textContent,
  ]);
  expect(trail).toEqual([
    ['待审核', '2026-11-21 09:00', '系统', '按第 2 版规则拟奖 50.00 元'],
    ['待审核 → 待发放', '2026-11-22 01:30', '李监管', '核定 50.00 元'],
    ['待复核', '2026-11-22 11:00', '王监管', '已电话核实'],
  ]);
  // The first approver may not approve a second time.
  expect(actionButtons(container)).toEqual(['驳回']);
  expect(screen.getByText('您已审核通过，需另一位监管人员复核')).toBeTruthy();
});

test('a proposal the rules now refuse says why up front and offers only 驳回', async () => {
  signIn(supervisor);
  stubNetwork({
    'GET /rewards/r1': got(reward({ canApprove: false, blockedReason: '同一举报人对同一企业的举报 7 天内只奖励一次，请驳回' })),
  });
  stubNavigation();
  const { container } = render(<RewardDetail />);
  expect(await screen.findByText('按奖励规则现已不能通过：同一举报人对同一企业的举报 7 天内只奖励一次，请驳回')).toBeTruthy();
  expect(actionButtons(container)).toEqual(['驳回']);
  expect(screen.queryByText('您已审核通过，需另一位监管人员复核')).toBeNull();
});

test('审核通过 at the rule amount sends it in integer fen with the version seen, and shows the reward returned', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /rewards/r1': got(reward()),
    'POST /rewards/r1/review': got(reward({ state: 'approved', amountFen: 5000, version: 4, actions: ['pay'], approvals: [{ byName: '李监管', at: '2026-11-23T02:00:00.000Z', amountFen: 5000 }] })),
  });
  stubNavigation();
  const { container } = render(<RewardDetail />);
  await tap('审核通过');
  expect((container.querySelector('[name="amount"]') as HTMLInputElement).value).toBe('50');
  expect(container.querySelector('[name="reason"]')).toBeNull();
  fireEvent.click(screen.getByText('提交：审核通过'));
  await screen.findByText('待发放', { selector: '.rw-state' });
  expect(posts(sent, '/rewards/r1/review')).toEqual([{ action: 'approve', amountFen: 5000, version: 3 }]);
  expect(actionButtons(container)).toEqual(['发放']);
});

test('another amount needs a reason: asked for on the phone, then 80.5 yuan is sent as 8050 fen with it', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /rewards/r1': got(reward()),
    'POST /rewards/r1/review': got(reward({ state: 'approved', amountFen: 8050, version: 4, actions: ['pay'] })),
  });
  stubNavigation();
  const { container } = render(<RewardDetail />);
  await tap('审核通过');
  fire(container.querySelector('[name="amount"]'), 'input', '80.5');
  expect(screen.getByText('规则金额 50.00 元；即 80.50 元')).toBeTruthy();
  expect(screen.getByText('调整理由')).toBeTruthy();
  fireEvent.click(screen.getByText('提交：审核通过'));
  expect(await within(fieldOf(container, 'reason')).findByText('金额与规则金额不同，请填写理由')).toBeTruthy();
  // Too short: the shared schema's own message, at the field.
  fire(container.querySelector('[name="reason"]'), 'input', '好');
  fireEvent.click(screen.getByText('提交：审核通过'));
  expect(await within(fieldOf(container, 'reason')).findByText('理由：请填写理由（至少2个字）')).toBeTruthy();
  expect(posts(sent, '/rewards/r1/review')).toHaveLength(0);

  fire(container.querySelector('[name="reason"]'), 'input', '隐患重大，发现及时');
  fireEvent.click(screen.getByText('提交：审核通过'));
  await screen.findByText('待发放', { selector: '.rw-state' });
  expect(posts(sent, '/rewards/r1/review')).toEqual([{ action: 'approve', amountFen: 8050, reason: '隐患重大，发现及时', version: 3 }]);
});

test('the second approver starts from the first approval: its amount and its reason', async () => {
  signIn({ ...supervisor, id: 'u-sup3', name: '王监管' });
  const second = reward({
    state: 'awaiting_second',
    level: '重大',
    amountFen: 150000,
    approvals: [{ byName: '李监管', at: '2026-11-21T02:00:00.000Z', amountFen: 150000, reason: '及时发现重大隐患' }],
  });
  const sent = stubNetwork({
    'GET /rewards/r1': got(second),
    'POST /rewards/r1/review': got({ ...second, state: 'approved', version: 4, actions: ['pay'] }),
  });
  stubNavigation();
  const { container } = render(<RewardDetail />);
  await tap('审核通过');
  expect((container.querySelector('[name="amount"]') as HTMLInputElement).value).toBe('1500');
  expect(screen.getByText('规则金额 50.00 元，首次审核 1,500.00 元')).toBeTruthy();
  fireEvent.click(screen.getByText('提交：审核通过'));
  await screen.findByText('待发放', { selector: '.rw-state' });
  expect(posts(sent, '/rewards/r1/review')).toEqual([{ action: 'approve', amountFen: 150000, reason: '及时发现重大隐患', version: 3 }]);
});

test('an amount that is not yuan is refused on the phone; a 400 from the API shows at the amount', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /rewards/r1': got(reward()),
    'POST /rewards/r1/review': {
      statusCode: 400,
      data: { error: { code: 'VALIDATION_FAILED', message: '请检查填写内容', fields: { amountFen: '奖励金额不能超过规则上限 200 元' } } },
    },
  });
  stubNavigation();
  const { container } = render(<RewardDetail />);
  await tap('审核通过');
  fire(container.querySelector('[name="amount"]'), 'input', '50.505');
  fireEvent.click(screen.getByText('提交：审核通过'));
  expect(await within(fieldOf(container, 'amount')).findByText('奖励金额：请填写金额（元），最多两位小数，如 50.50')).toBeTruthy();
  expect(posts(sent, '/rewards/r1/review')).toHaveLength(0);

  fire(container.querySelector('[name="amount"]'), 'input', '300');
  fire(container.querySelector('[name="reason"]'), 'input', '情节特别重大');
  fireEvent.click(screen.getByText('提交：审核通过'));
  expect(await within(fieldOf(container, 'amount')).findByText('奖励金额不能超过规则上限 200 元')).toBeTruthy();
  expect(posts(sent, '/rewards/r1/review')).toEqual([{ action: 'approve', amountFen: 30000, reason: '情节特别重大', version: 3 }]);
  // Still on the form, with what was typed.
  expect((container.querySelector('[name="amount"]') as HTMLInputElement).value).toBe('300');
});

test('409: someone acted first — the message is shown and the reward reloaded', async () => {
  signIn(supervisor);
  let gets = 0;
  const sent = stubNetwork({
    'GET /rewards/r1': () => {
      gets += 1;
      return gets === 1 ? got(reward()) : got(reward({ state: 'rejected', reason: '举报不实', version: 4, actions: [] }));
    },
    'POST /rewards/r1/review': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '该奖励已被他人处理（当前为“已驳回”）' } } },
  });
  stubNavigation();
  const { container } = render(<RewardDetail />);
  await tap('审核通过');
  fireEvent.click(screen.getByText('提交：审核通过'));
  expect(await screen.findByText('该奖励已被他人处理（当前为“已驳回”）（已刷新为最新状态）')).toBeTruthy();
  await screen.findByText('已驳回', { selector: '.rw-state' });
  expect(sent.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(['GET /rewards/r1', 'POST /rewards/r1/review', 'GET /rewards/r1']);
  expect(container.querySelector('.rw-actions')).toBeNull();
});

test('驳回 needs a reason', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /rewards/r1': got(reward()),
    'POST /rewards/r1/review': got(reward({ state: 'rejected', reason: '现场核实与举报不符', version: 4, actions: [] })),
  });
  stubNavigation();
  const { container } = render(<RewardDetail />);
  await tap('驳回');
  fireEvent.click(screen.getByText('提交：驳回'));
  expect(await within(fieldOf(container, 'reason')).findByText('理由：请填写理由（至少2个字）')).toBeTruthy();
  expect(posts(sent, '/rewards/r1/review')).toHaveLength(0);
  fire(container.querySelector('[name="reason"]'), 'input', '现场核实与举报不符');
  fireEvent.click(screen.getByText('提交：驳回'));
  await screen.findByText('已驳回', { selector: '.rw-state' });
  expect(posts(sent, '/rewards/r1/review')).toEqual([{ action: 'reject', reason: '现场核实与举报不符', version: 3 }]);
});

test('发放 by bank needs the voucher number', async () => {
  signIn(supervisor);
  const approved = reward({ state: 'approved', amountFen: 5000, actions: ['pay'] });
  const sent = stubNetwork({
    'GET /rewards/r1': got(approved),
    'POST /rewards/r1/pay': got({ ...approved, state: 'paid', channel: 'bank', voucherNo: 'BK20261123001', paidAt: '2026-11-23T02:05:00.000Z', version: 4, actions: ['reverse'] }),
  });
  stubNavigation();
  const { container } = render(<RewardDetail />);
  await tap('发放');
  fireEvent.click(screen.getByText('提交：发放'));
  expect(await screen.findByText('请选择发放方式')).toBeTruthy();
  fireEvent.click(screen.getByText('银行转账'));
  fireEvent.click(screen.getByText('提交：发放'));
  expect(await within(fieldOf(container, 'voucherNo')).findByText('凭证号：请填写银行流水号或收据编号（至少4位）')).toBeTruthy();
  expect(posts(sent, '/rewards/r1/pay')).toHaveLength(0);

  fire(container.querySelector('[name="voucherNo"]'), 'input', 'BK20261123001');
  fireEvent.click(screen.getByText('提交：发放'));
  await screen.findByText('已发放', { selector: '.rw-state' });
  expect(posts(sent, '/rewards/r1/pay')).toEqual([{ channel: 'bank', voucherNo: 'BK20261123001', version: 3 }]);
  expect(screen.getByText('BK20261123001')).toBeTruthy();
  expect(screen.getByText('2026-11-23 10:05')).toBeTruthy();
  expect(actionButtons(container)).toEqual(['冲正']);
});

test('发放 by WeChat sends no voucher; while paying, 查询到账结果 asks the channel and shows the outcome', async () => {
  signIn(supervisor);
  const approved = reward({ state: 'approved', amountFen: 5000, actions: ['pay'] });
  const paying = { ...approved, state: 'paying' as const, channel: 'wechat' as const, version: 4, actions: [] };
  let syncs = 0;
  const sent = stubNetwork({
    'GET /rewards/r1': got(approved),
    'POST /rewards/r1/pay': got(paying),
    'POST /rewards/r1/payment-status': () => {
      syncs += 1;
      return syncs === 1 ? got(paying) : got({ ...paying, state: 'paid', paidAt: '2026-11-23T02:05:00.000Z', version: 5, actions: ['reverse'] });
    },
  });
  const nav = stubNavigation();
  const { container } = render(<RewardDetail />);
  await tap('发放');
  fireEvent.click(screen.getByText('微信转账'));
  expect(container.querySelector('[name="voucherNo"]')).toBeNull();
  fireEvent.click(screen.getByText('提交：发放'));
  await screen.findByText('发放中', { selector: '.rw-state' });
  expect(posts(sent, '/rewards/r1/pay')).toEqual([{ channel: 'wechat', version: 3 }]);

  fireEvent.click(screen.getByText('查询到账结果'));
  expect(await screen.findByText('微信尚未返回结果：举报人确认收款后到账，请稍后再查询')).toBeTruthy();
  fireEvent.click(screen.getByText('查询到账结果'));
  await screen.findByText('已发放', { selector: '.rw-state' });
  expect(posts(sent, '/rewards/r1/payment-status')).toEqual([undefined, undefined]);
  expect(nav.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '已到账' }));
  expect(screen.queryByText('查询到账结果')).toBeNull();
});

test('冲正 needs a reason, then asks to confirm; cancelling sends nothing', async () => {
  signIn(supervisor);
  const paid = reward({ state: 'paid', amountFen: 5000, channel: 'cash', voucherNo: 'SJ-0001', paidAt: '2026-11-22T02:00:00.000Z', actions: ['reverse'] });
  const sent = stubNetwork({
    'GET /rewards/r1': got(paid),
    'POST /rewards/r1/reverse': got({ ...paid, state: 'reversed', version: 4, actions: [] }),
  });
  stubNavigation();
  const modal = stubModal(false);
  const { container } = render(<RewardDetail />);
  await tap('冲正');
  fireEvent.click(screen.getByText('提交：冲正'));
  expect(await within(fieldOf(container, 'reason')).findByText('理由：请填写理由（至少2个字）')).toBeTruthy();
  expect(modal).not.toHaveBeenCalled();

  fire(container.querySelector('[name="reason"]'), 'input', '重复发放，已追回');
  fireEvent.click(screen.getByText('提交：冲正'));
  await waitFor(() => expect(modal).toHaveBeenCalledTimes(1));
  expect(modal.mock.calls[0]![0]).toMatchObject({ title: '确认冲正', content: '将冲正已发放给赵公众的 50.00 元，冲正后不可撤销。' });
  expect(posts(sent, '/rewards/r1/reverse')).toHaveLength(0);

  modal.mockImplementation((() => Promise.resolve({ confirm: true, cancel: false, errMsg: 'ok' })) as never);
  fireEvent.click(screen.getByText('提交：冲正'));
  await screen.findByText('已冲正', { selector: '.rw-state' });
  expect(posts(sent, '/rewards/r1/reverse')).toEqual([{ reason: '重复发放，已追回', version: 3 }]);
});
