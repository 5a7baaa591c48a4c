import { fireEvent, render, screen, within } from '@testing-library/react';
import { DEFAULT_CHECK_RULES } from '@safegrid/shared';
import CheckRulesPage from '../src/packageGridworker/pages/rules/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, setRoute } from './hazard-fixtures';
import { streetSupervisor, supervisor } from './reward-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const loaded = (version: number, rules = DEFAULT_CHECK_RULES) => ({ statusCode: 200, data: { district: '370911', rules, version } });
const puts = (sent: Sent[]) => sent.filter((s) => s.method === 'PUT').map((s) => s.data);
const input = (container: HTMLElement, name: string) => container.querySelector(`[name="${name}"]`) as HTMLInputElement;
const fieldOf = (container: HTMLElement, name: string) => input(container, name).closest('.field') as HTMLElement;
const card = (c: string) => document.querySelector(`.ck-rule-${c}`) as HTMLElement;

test('each risk class shows its period; a change is saved with the version loaded', async () => {
  signIn(supervisor);
  const saved = { ...DEFAULT_CHECK_RULES, coverage: { ...DEFAULT_CHECK_RULES.coverage, C: 6 as const }, checkInReasonOverM: 800 };
  const sent = stubNetwork({ 'GET /check-rules': loaded(2), 'PUT /check-rules': loaded(3, saved) });
  const nav = stubNavigation();
  const { container } = render(<CheckRulesPage />);
  expect(await screen.findByText('示范区 · 第 2 版')).toBeTruthy();
  expect(sent[0]!.url).toBe('http://api.test/check-rules?district=370911');
  expect(within(card('A')).getByText('每月').closest('.choice')!.className).toContain('choice-on');
  expect(within(card('C')).getByText('每季度').closest('.choice')!.className).toContain('choice-on');
  expect(within(card('C')).getByText(/^本期：\d{4}年第[一二三四]季度$/)).toBeTruthy();
  expect(input(container, 'checkInReasonOverM').value).toBe('500');
  expect(input(container, 'guaranteeChecksPerMonth').value).toBe('2');

  fireEvent.click(within(card('C')).getByText('每半年'));
  expect(within(card('C')).getByText(/^本期：\d{4}年[上下]半年$/)).toBeTruthy();
  fire(input(container, 'checkInReasonOverM'), 'input', '800');
  fireEvent.click(screen.getByText('保存设置'));
  expect(await screen.findByText('示范区 · 第 3 版')).toBeTruthy();
  expect(puts(sent)).toEqual([{ district: '370911', rules: saved, version: 2 }]);
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }));
});

test('a distance the shared schema refuses is named at its field on the phone; the API’s field errors show at theirs', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /check-rules': loaded(1),
    'PUT /check-rules': { statusCode: 400, data: { error: { code: 'VALIDATION_FAILED', message: '请检查填写内容', fields: { 'rules.guaranteeChecksPerMonth': '每月最多8次' } } } },
  });
  stubNavigation();
  const { container } = render(<CheckRulesPage />);
  await screen.findByText('示范区 · 第 1 版');
  fire(input(container, 'checkInReasonOverM'), 'input', '20');
  fireEvent.click(screen.getByText('保存设置'));
  expect(await within(fieldOf(container, 'checkInReasonOverM')).findByText(/不能小于50米/)).toBeTruthy();
  expect(puts(sent)).toHaveLength(0);

  fire(input(container, 'checkInReasonOverM'), 'input', '300');
  fireEvent.click(screen.getByText('保存设置'));
  expect(await within(fieldOf(container, 'guaranteeChecksPerMonth')).findByText('每月最多8次')).toBeTruthy();
  expect(puts(sent)).toHaveLength(1);
});

test('409: someone saved first — the message is shown and the settings reloaded', async () => {
  signIn(supervisor);
  let gets = 0;
  const sent = stubNetwork({
    'GET /check-rules': () => {
      gets += 1;
      return gets === 1 ? loaded(2) : loaded(3, { ...DEFAULT_CHECK_RULES, checkInReasonOverM: 1000 });
    },
    'PUT /check-rules': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '检查规则已被他人修改，请刷新后重新设置' } } },
  });
  stubNavigation();
  const { container } = render(<CheckRulesPage />);
  await screen.findByText('示范区 · 第 2 版');
  fireEvent.click(screen.getByText('保存设置'));
  expect(await screen.findByText('检查规则已被他人修改，请刷新后重新设置（已刷新为最新设置，请核对后再保存）')).toBeTruthy();
  expect(await screen.findByText('示范区 · 第 3 版')).toBeTruthy();
  expect(input(container, 'checkInReasonOverM').value).toBe('1000');
  expect(sent.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(['GET /check-rules', 'PUT /check-rules', 'GET /check-rules']);
});

test('settings never saved show as the defaults; a street supervisor reads their district’s', async () => {
  signIn(streetSupervisor);
  const sent = stubNetwork({ 'GET /check-rules': loaded(0) });
  stubNavigation();
  render(<CheckRulesPage />);
  expect(await screen.findByText('370911 · 默认设置（尚未保存）')).toBeTruthy();
  expect(sent[0]!.url).toBe('http://api.test/check-rules?district=370911');
});
