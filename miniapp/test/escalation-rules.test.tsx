import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DEFAULT_ESCALATION, type EscalationStep } from '@safegrid/shared';
import EscalationRulesPage from '../src/packageSupervisor/pages/escalation/index';
import SupervisorHome from '../src/packageSupervisor/pages/home/index';
import AdminHome from '../src/packageAdmin/pages/home/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, setRoute } from './hazard-fixtures';
import { streetSupervisor, supervisor } from './reward-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const loaded = (version: number, steps: EscalationStep[] = DEFAULT_ESCALATION) => ({ statusCode: 200, data: { district: '370911', steps, version } });
const puts = (sent: Sent[]) => sent.filter((s) => s.method === 'PUT').map((s) => s.data);
const input = (container: HTMLElement, name: string) => container.querySelector(`[name="${name}"]`) as HTMLInputElement;
const step = (kind: string) => document.querySelector(`.st-step-${kind}`) as HTMLElement;

test('each step shows its days; days that do not grow are named at their field on the phone; a step switched off is left out; saved with the version loaded', async () => {
  signIn(supervisor);
  const saved: EscalationStep[] = [
    { kind: 'risk_letter', daysOverdue: 1 },
    { kind: 'enforcement_clue', daysOverdue: 7 },
  ];
  const sent = stubNetwork({ 'GET /escalation-rules': loaded(2), 'PUT /escalation-rules': loaded(3, saved) });
  const nav = stubNavigation();
  const { container } = render(<EscalationRulesPage />);
  expect(await screen.findByText('示范区 · 第 2 版')).toBeTruthy();
  expect(sent[0]!.url).toBe('http://api.test/escalation-rules?district=370911');
  expect(input(container, 'days-risk_letter').value).toBe('0');
  expect(input(container, 'days-supervision_letter').value).toBe('5');
  expect(input(container, 'days-enforcement_clue').value).toBe('10');

  fire(input(container, 'days-supervision_letter'), 'input', '12');
  fireEvent.click(screen.getByText('保存设置'));
  expect(await within(step('enforcement_clue')).findByText('逾期天数：应大于上一步的逾期天数')).toBeTruthy();
  expect(within(step('supervision_letter')).queryByText(/应大于/)).toBeNull();
  expect(puts(sent)).toHaveLength(0);

  // No 工作督办函: the clue follows the reminder.
  fireEvent.click(step('supervision_letter').querySelector('.st-switch-supervision_letter')!);
  expect(input(container, 'days-supervision_letter')).toBeNull();
  expect(within(step('supervision_letter')).getByText('不采取此步')).toBeTruthy();
  fire(input(container, 'days-risk_letter'), 'input', '1');
  fire(input(container, 'days-enforcement_clue'), 'input', '7');
  fireEvent.click(screen.getByText('保存设置'));
  expect(await screen.findByText('示范区 · 第 3 版')).toBeTruthy();
  expect(puts(sent)).toEqual([{ district: '370911', steps: saved, version: 2 }]);
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }));
  expect(input(container, 'days-supervision_letter')).toBeNull();
});

test('a step the API refuses is named at its field; every step off is said above 保存', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /escalation-rules': loaded(1),
    'PUT /escalation-rules': { statusCode: 400, data: { error: { code: 'VALIDATION_FAILED', message: '请检查填写内容', fields: { 'steps.2.daysOverdue': '逾期天数：不能超过365天' } } } },
  });
  stubNavigation();
  const { container } = render(<EscalationRulesPage />);
  await screen.findByText('示范区 · 第 1 版');
  fireEvent.click(screen.getByText('保存设置'));
  expect(await within(step('enforcement_clue')).findByText('逾期天数：不能超过365天')).toBeTruthy();

  for (const k of ['risk_letter', 'supervision_letter', 'enforcement_clue']) fireEvent.click(step(k).querySelector(`.st-switch-${k}`)!);
  fireEvent.click(screen.getByText('保存设置'));
  expect(await screen.findByText('升级步骤：至少一步')).toBeTruthy();
  expect(puts(sent)).toHaveLength(1);
  expect(input(container, 'days-risk_letter')).toBeNull();
});

test('409: someone saved first — the message is shown and the steps reloaded', async () => {
  signIn(supervisor);
  let gets = 0;
  const sent = stubNetwork({
    'GET /escalation-rules': () => {
      gets += 1;
      return gets === 1 ? loaded(2) : loaded(3, [{ kind: 'risk_letter', daysOverdue: 3 }]);
    },
    'PUT /escalation-rules': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '升级规则已被他人修改，请刷新后重新设置' } } },
  });
  stubNavigation();
  const { container } = render(<EscalationRulesPage />);
  await screen.findByText('示范区 · 第 2 版');
  fireEvent.click(screen.getByText('保存设置'));
  expect(await screen.findByText('升级规则已被他人修改，请刷新后重新设置（已刷新为最新升级规则，请核对后再保存）')).toBeTruthy();
  expect(await screen.findByText('示范区 · 第 3 版')).toBeTruthy();
  expect(input(container, 'days-risk_letter').value).toBe('3');
  expect(input(container, 'days-enforcement_clue')).toBeNull();
  expect(sent.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(['GET /escalation-rules', 'PUT /escalation-rules', 'GET /escalation-rules']);
});

test('a street supervisor is refused by the API with a retry; the homes of district supervisors and admins lead to the settings', async () => {
  signIn(streetSupervisor);
  stubNetwork({
    'GET /escalation-rules': { statusCode: 403, data: { error: { code: 'FORBIDDEN', message: '只有本区的监管人员或管理员可以查看和设置升级规则' } } },
    'GET /areas': { statusCode: 200, data: { areas: [] } },
  });
  stubNavigation();
  const page = render(<EscalationRulesPage />);
  expect(await screen.findByText('只有本区的监管人员或管理员可以查看和设置升级规则')).toBeTruthy();
  expect(screen.getByText('重试')).toBeTruthy();
  page.unmount();
  const street = render(<SupervisorHome />);
  expect(screen.queryByText('逾期升级')).toBeNull();
  expect(screen.queryByText('承诺书模板')).toBeNull();
  street.unmount();

  const go = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  signIn(supervisor);
  const sup = render(<SupervisorHome />);
  fireEvent.click(screen.getByText('逾期升级'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageSupervisor/pages/escalation/index' });
  fireEvent.click(screen.getByText('承诺书模板'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageCommitment/pages/templates/index' });
  await screen.findByText('没有下级区域');
  sup.unmount();

  signIn({ id: 'u-adm', name: '管理员', grants: [{ role: 'admin', roleLabel: '管理员', area: '370911', areaName: '示范区' }] });
  render(<AdminHome />);
  fireEvent.click(screen.getByText('逾期升级'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageSupervisor/pages/escalation/index' });
  fireEvent.click(screen.getByText('承诺书模板'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageCommitment/pages/templates/index' });
  fireEvent.click(screen.getByText('十条红线'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageLedger/pages/redlines/index?area=370911&name=%E7%A4%BA%E8%8C%83%E5%8C%BA' });
  await waitFor(() => expect(screen.getByText('没有下级区域')).toBeTruthy());
});
