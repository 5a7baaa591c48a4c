import Taro from '@tarojs/taro';
import { fireEvent, render, screen } from '@testing-library/react';
import GridworkerHome from '../src/packageGridworker/pages/home/index';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';

afterEach(reset);

const user = {
  id: 'u-gw',
  name: '王网格',
  gridworkerLevel: 2 as const,
  grants: [
    { role: 'gridworker' as const, roleLabel: '网格员', area: '370911/c1/g1', areaName: '第一网格' },
    { role: 'gridworker' as const, roleLabel: '网格员', area: '370911/c1/g2', areaName: '第二网格' },
  ],
};

test('renders the level, each grid with its community, enterprise count and micro-grids', async () => {
  signIn(user, 'tok-gw');
  const sent = stubNetwork({
    'GET /gridworker/grids': {
      statusCode: 200,
      data: {
        level: 2,
        grids: [
          {
            path: '370911/c1/g1',
            name: '第一网格',
            level: 'grid',
            communityName: '东关社区',
            enterpriseCount: 12,
            dueCount: 3,
            microgrids: [
              { path: '370911/c1/g1/m1', name: '一号微网格' },
              { path: '370911/c1/g1/m2', name: '二号微网格' },
            ],
          },
          { path: '370911/c1/g2', name: '第二网格', level: 'grid', communityName: '东关社区', enterpriseCount: 0, dueCount: 0, microgrids: [] },
          { path: '370911/c1/g3/m1', name: '三号微网格', level: 'microgrid', communityName: '东关社区', enterpriseCount: 5, dueCount: 1, microgrids: [] },
        ],
      },
    },
  });
  stubNavigation();

  render(<GridworkerHome />);
  expect(screen.getByText('我的网格')).toBeTruthy();
  expect(await screen.findByText('第一网格')).toBeTruthy();
  expect(screen.getByText('王网格 · 二级网格员')).toBeTruthy();
  expect(screen.getByText('企业 12 家')).toBeTruthy();
  expect(screen.getByText('企业 0 家')).toBeTruthy();
  expect(screen.getAllByText('所属社区：东关社区')).toHaveLength(3);
  expect(screen.getByText('一号微网格')).toBeTruthy();
  expect(screen.getByText('二号微网格')).toBeTruthy();
  // Only a grid can lack micro-grids; a micro-grid card says nothing about them.
  expect(screen.getAllByText('暂无微网格')).toHaveLength(1);
  expect(sent[0]?.header?.Authorization).toBe('Bearer tok-gw');
});

test('says so when the gridworker has no grid', async () => {
  signIn(user);
  stubNetwork({ 'GET /gridworker/grids': { statusCode: 200, data: { grids: [] } } });
  stubNavigation();
  render(<GridworkerHome />);
  expect(await screen.findByText('暂无负责的网格')).toBeTruthy();
});

test('each grid links to its enterprise list and to its files due for the monthly update', async () => {
  signIn(user);
  stubNetwork({
    'GET /gridworker/grids': {
      statusCode: 200,
      data: { grids: [{ path: '370911/c1/g1', name: '第一网格', level: 'grid', enterpriseCount: 12, dueCount: 3, microgrids: [] }] },
    },
  });
  stubNavigation();
  const go = jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
  render(<GridworkerHome />);
  fireEvent.click(await screen.findByText('企业 12 家'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageLedger/pages/list/index?area=370911%2Fc1%2Fg1&name=%E7%AC%AC%E4%B8%80%E7%BD%91%E6%A0%BC' });
  fireEvent.click(screen.getByText('待月度更新 3 家'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageLedger/pages/list/index?area=370911%2Fc1%2Fg1&name=%E7%AC%AC%E4%B8%80%E7%BD%91%E6%A0%BC&due=true' });
  fireEvent.click(screen.getByText('十条红线'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageLedger/pages/redlines/index' });
});
