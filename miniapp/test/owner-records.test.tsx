/**
 * The owner's records (issue #21 item 4): from their home, every hazard of the enterprise (open and
 * closed, with state), its check records and the red lines naming it; and the hazard list's
 * keyword search and 加载更多.
 */
import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import HazardList from '../src/packageHazard/pages/list/index';
import EnterpriseHome from '../src/packageEnterprise/pages/home/index';
import Checks from '../src/packageGridworker/pages/checks/index';
import RedLines from '../src/packageLedger/pages/redlines/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { owner, setRoute, summary, supervisor } from './hazard-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const navigateTo = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
const query = (s: Sent | undefined) => Object.fromEntries(new URL(s!.url).searchParams);
const path = (s: Sent | undefined) => new URL(s!.url).pathname;

test("the owner's home leads to 企业隐患, 检查记录 and 红线 of their enterprise", () => {
  signIn(owner);
  stubNetwork({});
  stubNavigation();
  const go = navigateTo();
  render(<EnterpriseHome />);
  fireEvent.click(screen.getByText('企业隐患'));
  expect(go).toHaveBeenLastCalledWith({ url: `/packageHazard/pages/list/index?enterpriseId=e1&name=${encodeURIComponent('泰安市安达化工有限公司')}` });
  fireEvent.click(screen.getByText('检查记录'));
  expect(go).toHaveBeenLastCalledWith({ url: `/packageGridworker/pages/checks/index?enterpriseId=e1&name=${encodeURIComponent('泰安市安达化工有限公司')}` });
  fireEvent.click(screen.getByText('红线'));
  expect(go).toHaveBeenLastCalledWith({ url: `/packageLedger/pages/redlines/index?enterpriseId=e1&name=${encodeURIComponent('泰安市安达化工有限公司')}` });
});

test("企业隐患: the enterprise's hazards in every state, 加载更多 with the cursor, and a keyword search", async () => {
  signIn(owner);
  setRoute({ enterpriseId: 'e1', name: '泰安市安达化工有限公司' });
  const sent = stubNetwork({
    'GET /hazards': (s) => {
      const q = new URL(s.url).searchParams;
      if (q.get('q')) return { statusCode: 200, data: { hazards: [summary(3, { description: '灭火器过期', state: 'closed', stateLabel: '已销号' })] } };
      if (q.get('cursor') === 'c1') return { statusCode: 200, data: { hazards: [summary(3, { description: '灭火器过期', state: 'closed', stateLabel: '已销号' })] } };
      return {
        statusCode: 200,
        data: { hazards: [summary(1, { description: '配电箱门损坏', state: 'rechecking', stateLabel: '待复查' }), summary(2, { description: '通道堆物', state: 'rectifying', stateLabel: '整改中' })], cursor: 'c1' },
      };
    },
  });
  stubNavigation();
  const { container } = render(<HazardList />);
  await screen.findByText('配电箱门损坏');
  expect(screen.getByText('企业隐患')).toBeTruthy();
  expect(query(sent[0])).toEqual({ enterpriseId: 'e1', limit: '30' });
  const states = () => [...container.querySelectorAll('.hz-card .hz-state')].map((e) => e.textContent);
  expect(states()).toEqual(['待复查', '整改中']);
  fireEvent.click(screen.getByText('加载更多'));
  await screen.findByText('灭火器过期');
  expect(query(sent[1])).toEqual({ enterpriseId: 'e1', cursor: 'c1', limit: '30' });
  expect(states()).toEqual(['待复查', '整改中', '已销号']);
  expect(screen.getByText('已全部加载')).toBeTruthy();

  const input = container.querySelector('[name="q"]') as HTMLElement;
  fireEvent.input(input, { detail: { value: '灭火器' }, target: { value: '灭火器' } });
  fireEvent.click(screen.getByText('搜索'));
  await waitFor(() => expect(sent).toHaveLength(3));
  expect(query(sent[2])).toEqual({ enterpriseId: 'e1', q: '灭火器', limit: '30' });
  await waitFor(() => expect(screen.queryByText('配电箱门损坏')).toBeNull());
});

test('a search page that found nothing yet but has more offers 加载更多, not 没有符合条件的隐患', async () => {
  signIn(supervisor);
  const sent = stubNetwork({
    'GET /hazards': (s) =>
      new URL(s.url).searchParams.get('cursor') === 'c2'
        ? { statusCode: 200, data: { hazards: [summary(9, { description: '井盖缺失' })] } }
        : { statusCode: 200, data: { hazards: [], cursor: 'c2' } },
  });
  stubNavigation();
  render(<HazardList />);
  fireEvent.click(await screen.findByText('加载更多'));
  expect(screen.queryByText('没有符合条件的隐患')).toBeNull();
  await screen.findByText('井盖缺失');
  expect(query(sent[1])).toMatchObject({ cursor: 'c2' });
});

test("检查记录: the enterprise's checks from enterpriseChecks, each opening its record", async () => {
  signIn(owner);
  setRoute({ enterpriseId: 'e1', name: '泰安市安达化工有限公司' });
  const sent = stubNetwork({
    'GET /enterprises/e1/checks': {
      statusCode: 200,
      data: {
        checks: [
          { id: 'ck-2', enterpriseId: 'e1', enterpriseName: '泰安市安达化工有限公司', kind: 'daily', templateName: '通用检查表', inspectorName: '王网格', failedCount: 2, submittedAt: '2026-11-20T02:00:00.000Z' },
          { id: 'ck-1', enterpriseId: 'e1', enterpriseName: '泰安市安达化工有限公司', kind: 'self', templateName: '企业自查表', inspectorName: '赵老板', failedCount: 0, submittedAt: '2026-10-01T02:00:00.000Z' },
        ],
      },
    },
  });
  stubNavigation();
  const go = navigateTo();
  render(<Checks />);
  await screen.findByText('日常巡查 · 通用检查表');
  expect(path(sent[0])).toBe('/enterprises/e1/checks');
  expect(screen.getByText('检查记录')).toBeTruthy();
  expect(screen.getByText('2 项不符合')).toBeTruthy();
  expect(screen.getByText('企业自查 · 企业自查表')).toBeTruthy();
  fireEvent.click(screen.getByText('日常巡查 · 通用检查表'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageGridworker/pages/record/index?id=ck-2' });
});

test('红线 of an enterprise: only those naming it, read-only', async () => {
  signIn(owner);
  setRoute({ enterpriseId: 'e1', name: '泰安市安达化工有限公司' });
  const sent = stubNetwork({
    'GET /red-lines': {
      statusCode: 200,
      data: {
        redLines: [
          {
            id: 'rl-1',
            area: '370911',
            areaName: '示范区',
            title: '危化品储存',
            factors: ['超量储存'],
            enterprises: [{ id: 'e1', name: '泰安市安达化工有限公司' }],
            ownerName: '钱主任',
            ownerPhone: '139****5678',
            measures: ['按规定限量储存'],
            version: 1,
          },
        ],
      },
    },
  });
  stubNavigation();
  render(<RedLines />);
  await screen.findByText('1. 危化品储存');
  expect(query(sent[0])).toEqual({ enterpriseId: 'e1' });
  expect(screen.getByText('涉及泰安市安达化工有限公司的红线')).toBeTruthy();
  expect(screen.queryByText('新增红线')).toBeNull();
  expect(screen.queryByText('编辑')).toBeNull();
});
