import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { HazardView } from '@safegrid/shared';
import HazardDetail from '../src/packageHazard/pages/detail/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, gridworker, hazard, jpeg, owner, publicUser, setRoute, stubChooseMedia, summary, supervisor, timeline } from './hazard-fixtures';

// 2026-11-23 10:00 in Asia/Shanghai.
const NOW = new Date('2026-11-23T02:00:00.000Z');
beforeEach(() => {
  jest.useFakeTimers({ now: NOW, doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'hrtime', 'performance'] });
  setRoute({ id: 'h1' });
});
afterEach(() => {
  jest.useRealTimers();
  setRoute(undefined);
  delete (globalThis as { fetch?: unknown }).fetch;
  reset();
});

const got = (h: HazardView, events = timeline) => ({ statusCode: 200, data: { hazard: h, timeline: events } });
const moveCalls = (sent: Sent[]) => sent.filter((s) => s.method === 'POST' && s.url === 'http://api.test/hazards/h1/moves');
const buttons = (container: HTMLElement) => [...container.querySelectorAll('.hz-moves .hz-move')].map((b) => b.textContent);
/** Tap a move's button (the timeline may hold an event of the same name). */
async function tapMove(label: string) {
  await screen.findByText('处理记录');
  fireEvent.click(within(document.querySelector('.hz-moves') as HTMLElement).getByText(label));
}
const fieldOf = (text: string) => screen.getByText(text).closest('.hz-field') as HTMLElement;

test('shows the hazard, its timeline in Shanghai time, and a button only for each move in `moves`', async () => {
  signIn(gridworker);
  stubNetwork({ 'GET /hazards/h1': got(hazard({ moves: ['confirm', 'reject', 'escalate'] })) });
  stubNavigation();
  const { container } = render(<HazardDetail />);
  expect(await screen.findByText('地下车库消防通道堆满纸箱，灭火器过期')).toBeTruthy();
  expect(buttons(container)).toEqual(['核实确认', '驳回']);
  expect(screen.queryByText('合并为重复')).toBeNull();
  expect(screen.queryByText('当场整改')).toBeNull();
  expect(screen.queryByText('逾期升级')).toBeNull();
  // Timeline: time in Asia/Shanghai (06:03Z is 14:03; 17:30Z is the next morning), who, note, details.
  const events = [...container.querySelectorAll('.hz-event')];
  expect(events).toHaveLength(2);
  expect(within(events[0] as HTMLElement).getByText('2026-11-20 14:03')).toBeTruthy();
  expect(within(events[0] as HTMLElement).getByText('赵公众')).toBeTruthy();
  expect(within(events[1] as HTMLElement).getByText('2026-11-21 01:30')).toBeTruthy();
  expect(within(events[1] as HTMLElement).getByText('整改期限：2026-11-27')).toBeTruthy();
  expect(screen.getByText('3号楼地下车库（117.08900, 36.19800）')).toBeTruthy();
});

test('an enterprise (no reporter in the response) sees no reporter block; a supervisor sees name and phone', async () => {
  signIn(owner);
  stubNetwork({ 'GET /hazards/h1': got(hazard({ anonymous: true, state: 'rectifying', stateLabel: '整改中', moves: ['submitEvidence'] })) });
  stubNavigation();
  const first = render(<HazardDetail />);
  await screen.findByText('整改中', { selector: '.hz-state' });
  expect(screen.queryByText('举报人')).toBeNull();
  expect(first.container.querySelector('.hz-reporter')).toBeNull();
  first.unmount();
  reset();

  signIn(supervisor);
  stubNetwork({ 'GET /hazards/h1': got(hazard({ anonymous: true, reporter: { name: '赵公众', phone: '138****0000' } })) });
  stubNavigation();
  const second = render(<HazardDetail />);
  expect(await screen.findByText('举报人')).toBeTruthy();
  const block = second.container.querySelector('.hz-reporter') as HTMLElement;
  expect(within(block).getByText('赵公众')).toBeTruthy();
  expect(within(block).getByText('138****0000')).toBeTruthy();
  expect(within(block).getByText('匿名举报：仅监管人员可见举报人，请勿告知企业')).toBeTruthy();
});

test('an overdue deadline is red; the plan shows its money in yuan; a letter opens as a PDF', async () => {
  signIn(supervisor);
  const plan = { measures: '清理通道，更换灭火器', costFen: 150050, personInCharge: '周安全', deadline: '2026-11-20', interimMeasures: '专人值守' };
  const letters = [{ id: 'L1', kind: 'risk_letter' as const, label: '风险提醒函', number: '高新安提〔2026〕8号', issuedAt: '2026-11-22T01:00:00.000Z' }];
  const sent = stubNetwork({
    'GET /hazards/h1': got(hazard({ state: 'rectifying', stateLabel: '整改中', level: '重大', deadline: '2026-11-21', overdue: true, plan, letters, escalation: 1 })),
    'GET /letters/L1/pdf': { statusCode: 200, data: { url: 'https://s3.test/letters/L1.pdf?sig=1' } },
  });
  stubNavigation();
  const open = jest.fn(() => ({}) as Window);
  jest.spyOn(window, 'open').mockImplementation(open as never);
  render(<HazardDetail />);
  const deadline = await screen.findByText('2026-11-21（已逾期）');
  expect(deadline.className).toContain('hz-late');
  expect(screen.getByText('1,500.50 元')).toBeTruthy();
  fireEvent.click(screen.getByText('风险提醒函'));
  await waitFor(() => expect(open).toHaveBeenCalledWith('https://s3.test/letters/L1.pdf?sig=1', '_blank'));
  expect(sent.map((s) => s.url)).toContain('http://api.test/letters/L1/pdf');
  expect(screen.getByText('高新安提〔2026〕8号 · 2026-11-22 09:00')).toBeTruthy();
});

test('confirm: level 重大 moves the default deadline to a month, and the move carries exactly its fields', async () => {
  signIn(gridworker);
  const after = hazard({ state: 'planning', stateLabel: '待报整改方案', level: '重大', category: '用电安全', deadline: '2026-12-23', version: 4, moves: [] });
  const sent = stubNetwork({
    'GET /hazards/h1': got(hazard({ moves: ['confirm', 'merge', 'reject', 'fixOnSpot'] })),
    'POST /hazards/h1/moves': got(after),
  });
  stubNavigation();
  const { container } = render(<HazardDetail />);
  await tapMove('核实确认');
  // Defaults: 一般, a week from today, the hazard's category and enterprise.
  expect(container.querySelector('.hz-date-deadline .hz-date-value')!.textContent).toBe('2026-11-30');
  expect(screen.getByText('泰安市安达化工有限公司')).toBeTruthy();
  fireEvent.click(screen.getByText('重大'));
  expect(container.querySelector('.hz-date-deadline .hz-date-value')!.textContent).toBe('2026-12-23');
  fireEvent.click(screen.getByText('用电安全'));
  fire(container.querySelector('[name="note"]'), 'input', '现场核实属实');
  fireEvent.click(screen.getByText('提交：核实确认'));
  await screen.findByText('待报整改方案', { selector: '.hz-state' });
  expect(moveCalls(sent).map((s) => s.data)).toEqual([
    {
      version: 3,
      move: { action: 'confirm', level: '重大', category: '用电安全', deadline: '2026-12-23', enterpriseId: 'e1', note: '现场核实属实' },
    },
  ]);
  // The page now shows the hazard from the response, with no moves left for this user.
  expect(container.querySelector('.hz-moves')).toBeNull();
});

test('confirm without an enterprise: one is found near the hazard, and the date picker sets the deadline', async () => {
  signIn(gridworker);
  const sent = stubNetwork({
    'GET /hazards/h1': got(hazard({ enterpriseId: undefined, enterpriseName: undefined, moves: ['confirm'] })),
    'GET /enterprises/nearby': { statusCode: 200, data: { enterprises: [{ id: 'e9', name: '东关农贸市场', address: '东关路1号', distanceM: 1200 }] } },
    'POST /hazards/h1/moves': got(hazard({ state: 'rectifying', stateLabel: '整改中' })),
  });
  stubNavigation();
  const { container } = render(<HazardDetail />);
  await tapMove('核实确认');
  fireEvent.click(screen.getByText('提交：核实确认'));
  expect(await within(fieldOf('责任企业')).findByText('确认隐患须关联责任企业：请查找并选择')).toBeTruthy();
  expect(moveCalls(sent)).toHaveLength(0);
  fireEvent.click(screen.getByText('查找附近企业 ›'));
  fireEvent.click(screen.getByText('搜索'));
  expect(await screen.findByText('1.2 公里')).toBeTruthy();
  fireEvent.click(screen.getByText('东关农贸市场'));
  fire(container.querySelector('.hz-date-deadline taro-picker-core') ?? container.querySelector('.hz-date-deadline'), 'change', '2026-12-05');
  fireEvent.click(screen.getByText('提交：核实确认'));
  await screen.findByText('整改中', { selector: '.hz-state' });
  expect(sent.find((s) => s.url.includes('/enterprises/nearby'))!.url).toBe('http://api.test/enterprises/nearby?lng=117.089&lat=36.198');
  expect(moveCalls(sent)[0]!.data).toEqual({
    version: 3,
    move: { action: 'confirm', level: '一般', category: '消防安全', deadline: '2026-12-05', enterpriseId: 'e9' },
  });
});

test('submitPlan: 1500.50 yuan is sent as 150050 fen; an amount with three decimals is refused on the phone', async () => {
  signIn(owner);
  const sent = stubNetwork({
    'GET /hazards/h1': got(hazard({ state: 'planning', stateLabel: '待报整改方案', level: '重大', deadline: '2026-12-20', moves: ['submitPlan'] })),
    'POST /hazards/h1/moves': got(hazard({ state: 'rectifying', stateLabel: '整改中', level: '重大', deadline: '2026-12-20', version: 4 })),
  });
  stubNavigation();
  const { container } = render(<HazardDetail />);
  await tapMove('提交整改方案');
  expect(container.querySelector('.hz-date-deadline .hz-date-value')!.textContent).toBe('2026-12-20');
  fire(container.querySelector('[name="measures"]'), 'input', '清理通道杂物，更换过期灭火器');
  fire(container.querySelector('[name="cost"]'), 'input', '1500.505');
  fire(container.querySelector('[name="personInCharge"]'), 'input', '周安全');
  fire(container.querySelector('[name="interimMeasures"]'), 'input', '整改期间专人值守，禁止堆放');
  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('整改资金：请填写金额（元），最多两位小数，如 1500.50')).toBeTruthy();
  expect(moveCalls(sent)).toHaveLength(0);

  fire(container.querySelector('[name="cost"]'), 'input', '1500.50');
  expect(screen.getByText('即 1,500.50 元')).toBeTruthy();
  fireEvent.click(screen.getByText('提交'));
  await screen.findByText('整改中', { selector: '.hz-state' });
  expect(moveCalls(sent)[0]!.data).toEqual({
    version: 3,
    move: {
      action: 'submitPlan',
      plan: { measures: '清理通道杂物，更换过期灭火器', costFen: 150050, personInCharge: '周安全', deadline: '2026-12-20', interimMeasures: '整改期间专人值守，禁止堆放' },
    },
  });
});

test('a plan finishing after the hazard deadline is refused on the phone', async () => {
  signIn(owner);
  const sent = stubNetwork({ 'GET /hazards/h1': got(hazard({ state: 'planning', stateLabel: '待报整改方案', deadline: '2026-12-20', moves: ['submitPlan'] })) });
  stubNavigation();
  const { container } = render(<HazardDetail />);
  await tapMove('提交整改方案');
  fire(container.querySelector('.hz-date-deadline taro-picker-core') ?? container.querySelector('.hz-date-deadline'), 'change', '2026-12-21');
  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('完成期限：不能晚于整改期限 2026-12-20')).toBeTruthy();
  expect(moveCalls(sent)).toHaveLength(0);
});

test('409: someone moved it first — the message is shown and the hazard reloaded', async () => {
  signIn(gridworker);
  let gets = 0;
  const sent = stubNetwork({
    'GET /hazards/h1': () => {
      gets += 1;
      return gets === 1 ? got(hazard({ moves: ['confirm', 'reject'] })) : got(hazard({ state: 'rectifying', stateLabel: '整改中', level: '一般', version: 4, moves: [] }));
    },
    'POST /hazards/h1/moves': {
      statusCode: 409,
      data: { error: { code: 'CONFLICT', message: '该隐患已被他人处理（当前为“整改中”），请查看最新状态' } },
    },
  });
  stubNavigation();
  const { container } = render(<HazardDetail />);
  await tapMove('驳回');
  fire(container.querySelector('[name="reason"]'), 'input', '重复举报');
  fireEvent.click(screen.getByText('提交：驳回'));
  expect(await screen.findByText('该隐患已被他人处理（当前为“整改中”），请查看最新状态（已刷新为最新状态）')).toBeTruthy();
  await screen.findByText('整改中', { selector: '.hz-state' });
  expect(sent.map((s) => `${s.method} ${new URL(s.url).pathname}`)).toEqual(['GET /hazards/h1', 'POST /hazards/h1/moves', 'GET /hazards/h1']);
  expect(moveCalls(sent)[0]!.data).toEqual({ version: 3, move: { action: 'reject', reason: '重复举报' } });
  expect(container.querySelector('.hz-moves')).toBeNull();
});

test("submitEvidence: photos uploaded with the form; the server's field error shows at the field with its Chinese label", async () => {
  signIn(owner);
  const KEY = 'hazards/01JD00000000000000000000770123456789abcdef0123.jpg';
  const sent = stubNetwork({
    'GET /hazards/h1': got(hazard({ state: 'rectifying', stateLabel: '整改中', moves: ['submitEvidence'] })),
    'POST /hazard-photos': { statusCode: 200, data: { key: KEY, url: 'https://s3.test/put?sig=1', fields: {}, expiresAt: 'x' } },
    'POST /hazards/h1/moves': {
      statusCode: 400,
      data: { error: { code: 'VALIDATION_FAILED', message: '请检查填写内容', fields: { 'move.photos.0': 'photos：照片未上传成功，请重新上传' } } },
    },
  });
  stubNavigation();
  (globalThis as { fetch?: unknown }).fetch = jest.fn(() => Promise.resolve({ status: 200 }));
  const { container } = render(<HazardDetail />);
  await tapMove('提交整改材料');
  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('请至少拍摄或选择1张照片', { exact: false })).toBeTruthy();
  expect(moveCalls(sent)).toHaveLength(0);

  stubChooseMedia([jpeg('after.jpg', 99)]);
  fireEvent.click(screen.getByText('拍照或从相册选择'));
  await screen.findByText('✓ 已上传');
  fire(container.querySelector('[name="note"]'), 'input', '已清理通道，灭火器已更换');
  fireEvent.click(screen.getByText('提交'));
  expect(await within(fieldOf('整改后照片')).findByText('整改后照片：照片未上传成功，请重新上传')).toBeTruthy();
  expect(moveCalls(sent)[0]!.data).toEqual({ version: 3, move: { action: 'submitEvidence', photos: [KEY], note: '已清理通道，灭火器已更换' } });
});

test('merge offers the other open hazards of the area, the same enterprise first', async () => {
  signIn(gridworker);
  const sent = stubNetwork({
    'GET /hazards/h1': got(hazard({ moves: ['merge'] })),
    'GET /hazards': {
      statusCode: 200,
      data: {
        hazards: [
          summary(1),
          summary(2, { description: '别家的隐患', enterpriseId: 'e5', enterpriseName: '另一家公司' }),
          summary(3, { description: '早先的同一隐患', enterpriseId: 'e1', enterpriseName: '泰安市安达化工有限公司', state: 'rectifying', stateLabel: '整改中' }),
          summary(4, { description: '已销号的', enterpriseId: 'e1', state: 'closed', stateLabel: '已销号' }),
        ],
      },
    },
    'POST /hazards/h1/moves': got(hazard({ state: 'merged', stateLabel: '已合并', duplicateOf: 'h3' })),
  });
  stubNavigation();
  const { container } = render(<HazardDetail />);
  await tapMove('合并为重复');
  await screen.findByText('早先的同一隐患');
  expect([...container.querySelectorAll('.hz-candidate-desc')].map((c) => c.textContent)).toEqual(['早先的同一隐患', '别家的隐患']);
  expect(sent.find((s) => s.url.startsWith('http://api.test/hazards?'))!.url).toBe('http://api.test/hazards?area=370911%2Fc1%2Fg1%2Fm1&limit=50');
  fireEvent.click(screen.getByText('早先的同一隐患'));
  fireEvent.click(screen.getByText('提交：合并为重复'));
  await screen.findByText('已合并', { selector: '.hz-state' });
  expect(moveCalls(sent)[0]!.data).toEqual({ version: 3, move: { action: 'merge', duplicateOf: 'h3' } });
});

test('enforce: outcome, document number, and 退回整改 with a new deadline', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /hazards/h1': got(hazard({ state: 'enforcing', stateLabel: '执法处置中', moves: ['enforce'] })),
    'POST /hazards/h1/moves': got(hazard({ state: 'rectifying', stateLabel: '整改中' })),
  });
  stubNavigation();
  const { container } = render(<HazardDetail />);
  await tapMove('执法处置');
  fireEvent.click(screen.getByText('责令整改'));
  fire(container.querySelector('[name="documentNo"]'), 'input', '泰高新应急责改〔2026〕3号');
  expect(container.querySelector('.hz-date-deadline')).toBeNull();
  fireEvent.click(screen.getByText('退回整改'));
  expect(container.querySelector('.hz-date-deadline .hz-date-value')!.textContent).toBe('2026-11-30');
  fireEvent.click(screen.getByText('提交：执法处置'));
  await screen.findByText('整改中', { selector: '.hz-state' });
  expect(moveCalls(sent)[0]!.data).toEqual({
    version: 3,
    move: { action: 'enforce', outcome: '责令整改', documentNo: '泰高新应急责改〔2026〕3号', then: 'rectify', deadline: '2026-11-30' },
  });
});

test("the reporter's own moves: 补充说明 and 撤回 while waiting, 申诉 after a rejection, only as `moves` allows", async () => {
  signIn(publicUser);
  const sent = stubNetwork({
    'GET /hazards/h1': got(hazard({ moves: ['addNote', 'withdraw'] })),
    'POST /hazards/h1/moves': got(hazard({ state: 'withdrawn', stateLabel: '已撤回', version: 4, moves: [] })),
  });
  stubNavigation();
  const first = render(<HazardDetail />);
  await screen.findByText('处理记录');
  expect(buttons(first.container)).toEqual(['补充说明', '撤回']);
  await tapMove('撤回');
  expect(screen.getByText('撤回后该隐患不再办理，也不再计奖励')).toBeTruthy();
  fireEvent.click(screen.getByText('提交：撤回'));
  await screen.findByText('已撤回', { selector: '.hz-state' });
  expect(moveCalls(sent)[0]!.data).toEqual({ version: 3, move: { action: 'withdraw' } });
  expect(first.container.querySelector('.hz-moves')).toBeNull();
  first.unmount();
  reset();

  signIn(publicUser);
  const appealed = stubNetwork({
    'GET /hazards/h1': got(hazard({ state: 'rejected', stateLabel: '已驳回', moves: ['appeal'] })),
    'POST /hazards/h1/moves': got(hazard({ version: 4, moves: ['addNote', 'withdraw'] })),
  });
  stubNavigation();
  const second = render(<HazardDetail />);
  await screen.findByText('处理记录');
  expect(buttons(second.container)).toEqual(['申诉']);
  await tapMove('申诉');
  fireEvent.click(screen.getByText('提交：申诉'));
  expect(await screen.findByText('申诉理由：不能为空')).toBeTruthy();
  expect(moveCalls(appealed)).toHaveLength(0);
  fire(second.container.querySelector('[name="reason"]'), 'input', '夜间才堵塞，请晚上核实');
  fireEvent.click(screen.getByText('提交：申诉'));
  await waitFor(() => expect(moveCalls(appealed)).toHaveLength(1));
  expect(moveCalls(appealed)[0]!.data).toEqual({ version: 3, move: { action: 'appeal', reason: '夜间才堵塞，请晚上核实' } });
  second.unmount();
  reset();

  // Another user (an official) sees none of the reporter's buttons: the server lists none for them.
  signIn(gridworker);
  stubNetwork({ 'GET /hazards/h1': got(hazard({ moves: ['confirm', 'reject'] })) });
  stubNavigation();
  const third = render(<HazardDetail />);
  await screen.findByText('处理记录');
  expect(buttons(third.container)).toEqual(['核实确认', '驳回']);
});

test('补充说明: the note and its photos go to the server as an addNote move', async () => {
  signIn(publicUser);
  const sent = stubNetwork({
    'GET /hazards/h1': got(hazard({ moves: ['addNote', 'withdraw'] })),
    'POST /hazards/h1/moves': got(hazard({ version: 4, moves: ['addNote', 'withdraw'] })),
  });
  stubNavigation();
  const { container } = render(<HazardDetail />);
  await tapMove('补充说明');
  fire(container.querySelector('[name="note"]'), 'input', '二楼也有');
  fireEvent.click(screen.getByText('提交：补充说明'));
  await waitFor(() => expect(moveCalls(sent)).toHaveLength(1));
  expect(moveCalls(sent)[0]!.data).toEqual({ version: 3, move: { action: 'addNote', note: '二楼也有' } });
});
