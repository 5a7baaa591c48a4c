import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import type { EnterpriseSummary, UserView } from '@safegrid/shared';
import { EnterprisePicker } from '../src/components/EnterprisePicker';
import { PersonPicker } from '../src/components/PersonPicker';
import type { Picked } from '../src/components/Picker';
import LedgerCreate from '../src/packageLedger/pages/create/index';
import LedgerEdit from '../src/packageLedger/pages/edit/index';
import AdminHome from '../src/packageAdmin/pages/home/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, setRoute } from './hazard-fixtures';
import { summary, supervisor, view } from './ledger-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const person = (id: string, name: string, phone: string, grants: UserView['grants'] = []): UserView => ({ id, name, phone, grants });
const leader = person('u-gl2', '王建国', '139****2222', [{ role: 'guarantee_leader', roleLabel: '包保责任人', area: '370911/c1', areaName: '东关街道' }]);
const users = (list: UserView[], cursor?: string) => ({ statusCode: 200, data: { users: list, ...(cursor ? { cursor } : {}) } });
const query = (s: Sent) => Object.fromEntries(new URL(s.url).searchParams);
const input = (container: HTMLElement, name: string) => container.querySelector(`[name="${name}"]`) as HTMLInputElement;

/**
 * No visible input asks for an id: nothing named like one (userId, enterpriseId, guaranteeLeaderId,
 * area), and no placeholder or label that says 编号 or asks for a path.
 */
function expectNoIdInputs(container: HTMLElement): void {
  for (const el of container.querySelectorAll('input, textarea')) {
    const name = el.getAttribute('name') ?? '';
    expect(name).not.toMatch(/(^|\.)(userId|enterpriseId|guaranteeLeaderId|area|id)$/);
    expect(el.getAttribute('placeholder') ?? '').not.toMatch(/编号|ID|\d+\/\w+/i);
  }
  for (const label of container.querySelectorAll('.field-label')) expect(label.textContent).not.toMatch(/编号/);
}

function Harness({ onPick }: { onPick: (p: Picked | undefined) => void }) {
  const [value, setValue] = useState<Picked>();
  return (
    <PersonPicker
      label="包保责任人"
      area="370911"
      role="guarantee_leader"
      clearable
      value={value}
      onChange={(p) => {
        setValue(p);
        onPick(p);
      }}
    />
  );
}

test('PersonPicker: a name or the last 4 digits finds people as cells (masked phone, role and area); the pick shows the name, never the id', async () => {
  signIn(supervisor);
  const sent = stubNetwork({ 'GET /users': users([leader]) });
  const picked = jest.fn();
  const { container } = render(<Harness onPick={picked} />);
  expect(screen.getByText('尚未选择')).toBeTruthy();
  fireEvent.click(screen.getByText('查找 ›'));
  expect(input(container, 'personQ').getAttribute('placeholder')).toBe('姓名，或手机号后4位');
  fire(input(container, 'personQ'), 'input', '2222');
  fireEvent.click(screen.getByText('搜索'));
  const cell = (await screen.findByText('王建国')).closest('.picker-item') as HTMLElement;
  expect(within(cell).getByText('139****2222 · 包保责任人·东关街道')).toBeTruthy();
  expect(query(sent[0]!)).toEqual({ area: '370911', limit: '100', role: 'guarantee_leader', q: '2222' });

  fireEvent.click(cell);
  expect(picked).toHaveBeenLastCalledWith({ id: 'u-gl2', name: '王建国' });
  expect(container.querySelector('.picker-value')!.textContent).toBe('王建国');
  expect(container.textContent).not.toContain('u-gl2');
  expect(container.querySelector('[name="personQ"]')).toBeNull();

  fireEvent.click(screen.getByText('清除'));
  expect(picked).toHaveBeenLastCalledWith(undefined);
  expect(screen.getByText('尚未选择')).toBeTruthy();
});

test('PersonPicker: the API filters each page after its limit, so a search reads on while a page finds few, then offers 继续查找', async () => {
  signIn(supervisor);
  let page = 0;
  const sent = stubNetwork({
    'GET /users': () => {
      page += 1;
      // Pages 1–5 find nobody, but there is more; page 6 (asked by 继续查找) finds one.
      return page <= 5 ? users([], `c${page}`) : users([leader]);
    },
  });
  const { container } = render(<Harness onPick={() => undefined} />);
  fireEvent.click(screen.getByText('查找 ›'));
  fire(input(container, 'personQ'), 'input', '王建');
  fireEvent.click(screen.getByText('搜索'));
  fireEvent.click(await screen.findByText('本页没有，继续查找'));
  expect(await screen.findByText('王建国')).toBeTruthy();
  expect(sent.map((s) => query(s).cursor ?? '')).toEqual(['', 'c1', 'c2', 'c3', 'c4', 'c5']);
  expect(sent.every((s) => query(s).q === '王建')).toBe(true);
  expect(screen.queryByText('本页没有，继续查找')).toBeNull();
});

function Several({ onPick }: { onPick: (p: Picked[]) => void }) {
  const [value, setValue] = useState<Picked[]>([]);
  return (
    <EnterprisePicker
      multiple
      label="涉及企业"
      area="370911/c1"
      value={value}
      onChange={(v) => {
        setValue(v);
        onPick(v);
      }}
    />
  );
}

test('EnterprisePicker: a credit code or a name finds the ledger’s files as cells (code and address); several are picked and removed by name', async () => {
  signIn(supervisor);
  const found: EnterpriseSummary[] = [summary(1, { uscc: '91370900MA3C5XXX0X', name: '安达化工' }), summary(2, { name: '鑫达五金' })];
  const sent = stubNetwork({ 'GET /enterprises': { statusCode: 200, data: { enterprises: found } } });
  const picked = jest.fn();
  const { container } = render(<Several onPick={picked} />);
  fireEvent.click(screen.getByText('查找 ›'));
  expect(input(container, 'enterpriseQ').getAttribute('placeholder')).toBe('企业名称，或统一社会信用代码');
  fire(input(container, 'enterpriseQ'), 'input', '91370900');
  fireEvent.click(screen.getByText('搜索'));
  expect(await screen.findByText('91370900MA3C5XXX0X · 幸福路1号')).toBeTruthy();
  expect(query(sent[0]!)).toEqual({ limit: '20', area: '370911/c1', q: '91370900' });

  fireEvent.click(screen.getByText('安达化工'));
  fireEvent.click(screen.getByText('鑫达五金'));
  // Tapping a picked one again adds nothing.
  fireEvent.click(screen.getAllByText('安达化工')[1]!);
  expect(picked).toHaveBeenLastCalledWith([
    { id: 'e1', name: '安达化工' },
    { id: 'e2', name: '鑫达五金' },
  ]);
  expect(within(screen.getByText('鑫达五金', { selector: '.picker-item *' }).closest('.picker-item') as HTMLElement).getByText('已选')).toBeTruthy();
  fireEvent.click(screen.getByText('完成'));
  expect(screen.getByText('已选 2 个')).toBeTruthy();
  fireEvent.click(screen.getAllByText('移除')[0]!);
  expect(picked).toHaveBeenLastCalledWith([{ id: 'e2', name: '鑫达五金' }]);
  expect(container.textContent).not.toMatch(/\be[12]\b/);
});

test('新增企业 (supervisor): the grid is chosen by browsing, the guarantee leader by the picker; no input asks for an id', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /areas': (s) =>
      new URL(s.url).searchParams.get('parent') === '370911'
        ? { statusCode: 200, data: { areas: [{ path: '370911/c1', code: 'c1', name: '东关街道', level: 'street' }] } }
        : { statusCode: 200, data: { areas: [{ path: '370911/c1/g1', code: 'g1', name: '第一网格', level: 'grid' }] } },
    'GET /users': users([leader]),
    'POST /enterprises': { statusCode: 200, data: { enterprise: view({ id: 'new' }), history: [] } },
  });
  const nav = stubNavigation();
  const { container } = render(<LedgerCreate />);
  expectNoIdInputs(container);
  fireEvent.click(await screen.findByText('东关街道'));
  const grid = (await screen.findByText('第一网格')).closest('.area-item') as HTMLElement;
  fireEvent.click(within(grid).getByText('选择'));
  expect(container.querySelector('.area-chooser .picker-value')!.textContent).toBe('第一网格');

  fireEvent.click(screen.getByText('包保责任人（选填）').parentElement!.querySelector('.picker-open')!);
  fire(input(container, 'guaranteeLeaderQ'), 'input', '王');
  fireEvent.click(screen.getByText('搜索'));
  fireEvent.click(await screen.findByText('王建国'));
  expect(query(sent.find((s) => s.url.includes('/users'))!)).toMatchObject({ area: '370911', role: 'guarantee_leader', q: '王' });
  expectNoIdInputs(container);

  for (const [name, value] of [
    ['name', '老王烧烤'],
    ['address', '幸福路8号'],
    ['lng', '117.1'],
    ['lat', '36.2'],
    ['legalRepresentative', '王老板'],
    ['employees', '6'],
  ]) {
    fireEvent.input(input(container, name!), { detail: { value }, target: { value } });
  }
  fireEvent.click(screen.getByText('个体工商户'));
  fireEvent.click(screen.getByText('餐饮'));
  fireEvent.click(screen.getByText('C类'));
  // The empty contact row is left out.
  fireEvent.click(screen.getByText('删除'));
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalled());
  expect(sent.find((s) => s.method === 'POST')!.data).toMatchObject({ area: '370911/c1/g1', guaranteeLeaderId: 'u-gl2' });
});

test('编辑档案: the guarantee leader shows by name; another is picked, or the one named is cleared (null)', async () => {
  signIn(supervisor);
  setRoute({ id: 'e1' });
  const file = view({ editable: ['guaranteeLeaderId', 'employees'] });
  const sent = stubNetwork({
    'GET /enterprises/e1': { statusCode: 200, data: { enterprise: file, history: [] } },
    'GET /users': users([leader]),
    'PUT /enterprises/e1': { statusCode: 200, data: { enterprise: file, history: [] } },
  });
  stubNavigation();
  jest.spyOn(Taro, 'navigateBack').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  const { container } = render(<LedgerEdit />);
  expect(await screen.findByText('郑包保')).toBeTruthy();
  expect(container.textContent).not.toContain('u-gl');
  expectNoIdInputs(container);

  fireEvent.click(screen.getByText('更换'));
  fire(input(container, 'guaranteeLeaderQ'), 'input', '建国');
  fireEvent.click(screen.getByText('搜索'));
  fireEvent.click(await screen.findByText('王建国'));
  // Searched under the supervisor's own area that holds the file.
  expect(query(sent.find((s) => s.url.includes('/users'))!).area).toBe('370911');
  fireEvent.click(screen.getByText('保存'));
  await waitFor(() => expect(sent.filter((s) => s.method === 'PUT')).toHaveLength(1));
  expect(sent.find((s) => s.method === 'PUT')!.data).toEqual({ version: 3, changes: { guaranteeLeaderId: 'u-gl2' } });

  fireEvent.click(screen.getByText('清除'));
  fireEvent.click(screen.getByText('保存'));
  await waitFor(() => expect(sent.filter((s) => s.method === 'PUT')).toHaveLength(2));
  expect(sent.filter((s) => s.method === 'PUT')[1]!.data).toEqual({ version: 3, changes: { guaranteeLeaderId: null } });
});

test('指派网格员 (admin): the person is picked by name under the admin’s area and sent by id; no input asks for a 用户编号', async () => {
  signIn({ id: 'u-adm', name: '管理员', grants: [{ role: 'admin', roleLabel: '管理员', area: '370911', areaName: '示范区' }] });
  const free = person('u-new', '刘待派', '138****0001', [{ role: 'public', roleLabel: '公众' }]);
  const sent = stubNetwork({
    'GET /areas': (s) =>
      new URL(s.url).searchParams.get('parent') === '370911'
        ? { statusCode: 200, data: { areas: [{ path: '370911/c1/g1', code: 'g1', name: '第一网格', level: 'grid' }] } }
        : { statusCode: 200, data: { areas: [] } },
    'GET /users': users([free]),
    'PUT /areas/gridworker': { statusCode: 200, data: { area: { path: '370911/c1/g1', code: 'g1', name: '第一网格', level: 'grid', gridworkerId: 'u-new', gridworkerName: '刘待派' } } },
  });
  const nav = stubNavigation();
  const { container } = render(<AdminHome />);
  fireEvent.click(await screen.findByText('第一网格'));
  expect(await screen.findByText('指派“第一网格”的网格员')).toBeTruthy();
  expect(screen.queryByText('用户编号')).toBeNull();
  expectNoIdInputs(container);

  // Nobody picked: the API's own check names the field at the picker.
  fireEvent.click(screen.getByText('指派网格员'));
  expect(await within(container.querySelector('.picker-assigneeQ') as HTMLElement).findByText(/^用户：/)).toBeTruthy();

  fireEvent.click(container.querySelector('.picker-assigneeQ .picker-open')!);
  fire(input(container, 'assigneeQ'), 'input', '0001');
  fireEvent.click(screen.getByText('搜索'));
  fireEvent.click(await screen.findByText('刘待派'));
  expect(query(sent.find((s) => s.url.includes('/users'))!)).toMatchObject({ area: '370911', q: '0001' });
  expect(query(sent.find((s) => s.url.includes('/users'))!).role).toBeUndefined();
  fireEvent.click(screen.getByText('指派网格员'));
  await waitFor(() => expect(sent.find((s) => s.method === 'PUT')?.data).toEqual({ area: '370911/c1/g1', userId: 'u-new' }));
  await waitFor(() => expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已指派刘待派' })));
});
