import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import LedgerEdit from '../src/packageLedger/pages/edit/index';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';
import { owner, view } from './ledger-fixtures';

const OWNER_FIELDS = ['safetyManager', 'contacts', 'employees'];

beforeEach(() => {
  (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams = { id: 'e1' };
});
afterEach(() => {
  delete (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams;
  reset();
});

function type(container: HTMLElement, name: string, value: string): void {
  const input = container.querySelector(`[name="${name}"]`);
  if (!input) throw new Error(`no input named ${name}`);
  fireEvent.input(input, { detail: { value }, target: { value } });
}

const file = () => view({ editable: OWNER_FIELDS, safetyManager: { name: '周安全', phone: '13900000001', title: '安全员' } });

test('shows only the editable fields, and a schema error inline without calling the network', async () => {
  signIn(owner);
  const sent = stubNetwork({ 'GET /enterprises/e1': { statusCode: 200, data: { enterprise: file(), history: [] } } });
  stubNavigation();
  const { container } = render(<LedgerEdit />);
  await screen.findByText('保存');
  expect(container.querySelector('[name="employees"]')).toBeTruthy();
  expect(container.querySelector('[name="contacts.0.phone"]')).toBeTruthy();
  expect(container.querySelector('[name="name"]')).toBeNull();
  expect(container.querySelector('[name="address"]')).toBeNull();
  expect(screen.queryByText('行业')).toBeNull();

  type(container, 'contacts.0.phone', '1380000');
  fireEvent.click(screen.getByText('保存'));
  expect(await screen.findByText('联系电话：应为11位手机号')).toBeTruthy();
  expect(sent.filter((s) => s.method === 'PUT')).toHaveLength(0);
});

test('sends only the changed fields and shows the API field error inline', async () => {
  signIn(owner);
  const sent = stubNetwork({
    'GET /enterprises/e1': { statusCode: 200, data: { enterprise: file(), history: [] } },
    'PUT /enterprises/e1': {
      statusCode: 400,
      data: { error: { code: 'VALIDATION_FAILED', message: '请检查填写内容', fields: { 'changes.employees': '从业人数：与社保登记人数不符' } } },
    },
  });
  stubNavigation();
  const { container } = render(<LedgerEdit />);
  await screen.findByText('保存');
  type(container, 'employees', '130');
  fireEvent.click(screen.getByText('保存'));
  expect(await screen.findByText('从业人数：与社保登记人数不符')).toBeTruthy();
  const put = sent.find((s) => s.method === 'PUT');
  expect(put?.data).toEqual({ version: 3, changes: { employees: 130 } });
});

test('on 409 shows the message and reloads the file', async () => {
  signIn(owner);
  let gets = 0;
  const sent = stubNetwork({
    'GET /enterprises/e1': () => {
      gets += 1;
      return { statusCode: 200, data: { enterprise: { ...file(), version: 2 + gets, employees: gets === 1 ? 120 : 150 }, history: [] } };
    },
    'PUT /enterprises/e1': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '档案已被他人修改' } } },
  });
  stubNavigation();
  const { container } = render(<LedgerEdit />);
  await screen.findByText('保存');
  type(container, 'employees', '130');
  fireEvent.click(screen.getByText('保存'));
  expect(await screen.findByText('档案已被他人修改（已为您加载最新内容，请重新修改）')).toBeTruthy();
  await waitFor(() => expect(gets).toBe(2));
  await waitFor(() => expect((container.querySelector('[name="employees"]') as HTMLInputElement).value).toBe('150'));
  expect(sent.filter((s) => s.method === 'PUT')).toHaveLength(1);
});
