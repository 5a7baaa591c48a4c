import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import LedgerCreate from '../src/packageLedger/pages/create/index';
import { reset, signIn, stubNavigation, stubNetwork, stubPlace } from './helpers';
import { gridworker, view } from './ledger-fixtures';

afterEach(reset);

function type(container: HTMLElement, name: string, value: string): void {
  const input = container.querySelector(`[name="${name}"]`);
  if (!input) throw new Error(`no input named ${name}`);
  fireEvent.input(input, { detail: { value }, target: { value } });
}

test('an empty form shows the field messages inline and sends nothing', async () => {
  signIn(gridworker);
  const sent = stubNetwork({});
  stubNavigation();
  render(<LedgerCreate />);
  fireEvent.click(screen.getByText('提交'));
  expect(await screen.findByText('名称：请填写')).toBeTruthy();
  expect(screen.getByText('行业：请选择')).toBeTruthy();
  expect(screen.getByText('经度：请填写')).toBeTruthy();
  expect(sent).toHaveLength(0);
  // A gridworker does not name guarantee leaders.
  expect(screen.queryByText('包保责任人')).toBeNull();
});

test('creates with a ULID, the grid, tags, contacts and the current position', async () => {
  signIn(gridworker);
  const sent = stubNetwork({ 'POST /enterprises': { statusCode: 200, data: { enterprise: view({ id: 'new' }), history: [] } } });
  const nav = stubNavigation();
  stubPlace({ longitude: 117.0891234, latitude: 36.1987654 });
  const { container } = render(<LedgerCreate />);
  type(container, 'name', '老王烧烤');
  fireEvent.click(screen.getByText('个体工商户'));
  type(container, 'address', '幸福路8号');
  fireEvent.click(screen.getByText('使用当前位置'));
  await waitFor(() => expect((container.querySelector('[name="lng"]') as HTMLInputElement).value).toBe('117.089123'));
  fireEvent.click(screen.getByText('第一网格'));
  fireEvent.click(screen.getByText('餐饮'));
  fireEvent.click(screen.getByText('C类'));
  fireEvent.click(screen.getByText('燃气使用'));
  fireEvent.click(screen.getByText('人员密集'));
  type(container, 'legalRepresentative', '王老板');
  type(container, 'employees', '6');
  type(container, 'contacts.0.name', '王老板');
  type(container, 'contacts.0.phone', '13800001111');
  fireEvent.click(screen.getByText('提交'));
  await waitFor(() => expect(nav.redirectTo).toHaveBeenCalledWith({ url: '/packageLedger/pages/detail/index?id=new' }));
  const body = sent[0]?.data as Record<string, unknown>;
  expect(body.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  expect(body).toMatchObject({
    name: '老王烧烤',
    kind: '个体工商户',
    address: '幸福路8号',
    lng: 117.089123,
    lat: 36.198765,
    area: '370911/c1/g1',
    industry: '餐饮',
    riskClass: 'C',
    tags: ['燃气使用', '人员密集'],
    status: '在营',
    legalRepresentative: '王老板',
    contacts: [{ name: '王老板', phone: '13800001111' }],
    employees: 6,
  });
  expect(body).not.toHaveProperty('uscc');
});
