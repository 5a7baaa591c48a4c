import { fireEvent, render, screen, within } from '@testing-library/react';
import { DEFAULT_REWARD_RULES } from '@safegrid/shared';
import RewardRulesPage from '../src/packageReward/pages/rules/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, setRoute } from './hazard-fixtures';
import { streetSupervisor, supervisor } from './reward-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const { version: _v, ...defaults } = DEFAULT_REWARD_RULES;
const loaded = (version: number, rules = defaults) => ({ statusCode: 200, data: { district: '370911', rules, version } });
const puts = (sent: Sent[]) => sent.filter((s) => s.method === 'PUT').map((s) => s.data);
const input = (container: HTMLElement, name: string) => container.querySelector(`[name="${name}"]`) as HTMLInputElement;
const fieldOf = (container: HTMLElement, name: string) => input(container, name).closest('.field') as HTMLElement;

test('the district’s rules in yuan; a change is saved in fen with the version loaded', async () => {
  signIn(supervisor);
  const saved = { ...defaults, amounts: { ...defaults.amounts, public: { ...defaults.amounts.public, 一般: { fen: 8000, maxFen: 20000 } } }, minIntervalDays: 10 };
  const sent = stubNetwork({ 'GET /reward-rules': loaded(2), 'PUT /reward-rules': loaded(3, saved) });
  const nav = stubNavigation();
  const { container } = render(<RewardRulesPage />);
  expect(await screen.findByText('公众举报 · 一般隐患')).toBeTruthy();
  expect(sent[0]!.url).toBe('http://api.test/reward-rules?district=370911');
  expect(screen.getByText('示范区 · 第 2 版')).toBeTruthy();
  expect([...container.querySelectorAll('.section-title')].map((t) => t.textContent)).toEqual([
    '公众举报 · 一般隐患',
    '公众举报 · 重大隐患',
    '员工内部报告 · 一般隐患',
    '员工内部报告 · 重大隐患',
    '上限与复核',
  ]);
  expect(input(container, 'public-general-fen').value).toBe('50');
  expect(input(container, 'worker-major-max').value).toBe('5000');
  expect(input(container, 'monthlyCapFen').value).toBe('3000');
  expect(input(container, 'minIntervalDays').value).toBe('7');

  fire(input(container, 'public-general-fen'), 'input', '80');
  fire(input(container, 'minIntervalDays'), 'input', '10');
  fireEvent.click(screen.getByText('保存规则'));
  expect(await screen.findByText('示范区 · 第 3 版')).toBeTruthy();
  expect(puts(sent)).toEqual([{ district: '370911', rules: saved, version: 2 }]);
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }));
});

test('amounts that are not yuan, and rules the shared schema refuses, are caught on the phone; the API’s field errors show at their fields', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /reward-rules': loaded(2),
    'PUT /reward-rules': {
      statusCode: 400,
      data: {
        error: {
          code: 'VALIDATION_FAILED',
          message: '请检查填写内容',
          fields: { 'rules.amounts.worker.重大.maxFen': '最高金额：不能超过全区年度奖励预算' },
        },
      },
    },
  });
  stubNavigation();
  const { container } = render(<RewardRulesPage />);
  await screen.findByText('公众举报 · 一般隐患');
  fire(input(container, 'monthlyCapFen'), 'input', '一千');
  fireEvent.click(screen.getByText('保存规则'));
  expect(await within(fieldOf(container, 'monthlyCapFen')).findByText('请填写金额（元），最多两位小数')).toBeTruthy();

  // A month's cap above the year's: the shared schema's message, at the year's cap.
  fire(input(container, 'monthlyCapFen'), 'input', '12000');
  fireEvent.click(screen.getByText('保存规则'));
  expect(await within(fieldOf(container, 'yearlyCapFen')).findByText('每人每年上限：每年上限不能低于每月上限')).toBeTruthy();
  expect(puts(sent)).toHaveLength(0);

  fire(input(container, 'monthlyCapFen'), 'input', '1500.5');
  fireEvent.click(screen.getByText('保存规则'));
  expect(await within(fieldOf(container, 'worker-major-max')).findByText('最高金额：不能超过全区年度奖励预算')).toBeTruthy();
  expect((puts(sent)[0] as { rules: { monthlyCapFen: number } }).rules.monthlyCapFen).toBe(150050);
});

test('409: someone saved first — the message is shown and the rules reloaded', async () => {
  signIn(supervisor);
  let gets = 0;
  const sent = stubNetwork({
    'GET /reward-rules': () => {
      gets += 1;
      return gets === 1 ? loaded(2) : loaded(3, { ...defaults, monthlyCapFen: 200000 });
    },
    'PUT /reward-rules': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '奖励规则已被他人修改' } } },
  });
  stubNavigation();
  const { container } = render(<RewardRulesPage />);
  await screen.findByText('公众举报 · 一般隐患');
  fireEvent.click(screen.getByText('保存规则'));
  expect(await screen.findByText('奖励规则已被他人修改（已刷新为最新规则，请核对后再保存）')).toBeTruthy();
  expect(await screen.findByText('示范区 · 第 3 版')).toBeTruthy();
  expect(input(container, 'monthlyCapFen').value).toBe('2000');
  expect(sent.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(['GET /reward-rules', 'PUT /reward-rules', 'GET /reward-rules']);
});

test('rules never saved show as the defaults, version 0; a street supervisor reads their district’s', async () => {
  signIn(streetSupervisor);
  const sent = stubNetwork({ 'GET /reward-rules': loaded(0) });
  stubNavigation();
  render(<RewardRulesPage />);
  expect(await screen.findByText('370911 · 默认规则（尚未保存）')).toBeTruthy();
  expect(sent[0]!.url).toBe('http://api.test/reward-rules?district=370911');
});
