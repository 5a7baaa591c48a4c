import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import HazardQueue from '../src/packageHazard/pages/queue/index';
import { reset, signIn, stubNavigation, stubNetwork } from './helpers';
import { gridworker, setRoute, summary } from './hazard-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

test('今日任务 past 50: a group with more shows 50+ and 加载更多 pages on with its cursor until all are loaded', async () => {
  signIn(gridworker);
  const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => summary(from + i, { description: `举报第${from + i}条` }));
  const sent = stubNetwork({
    'GET /hazards/queue': (req) => {
      const q = new URL(req.url).searchParams;
      if (!q.get('kind')) {
        return { statusCode: 200, data: { groups: [{ kind: 'triage', label: '待核实', hazards: page(1, 50), cursor: 'c1' }, { kind: 'recheck', label: '待复查', hazards: [] }] } };
      }
      expect(q.get('kind')).toBe('triage');
      return q.get('cursor') === 'c1'
        ? { statusCode: 200, data: { groups: [{ kind: 'triage', label: '待核实', hazards: page(51, 50), cursor: 'c2' }] } }
        : { statusCode: 200, data: { groups: [{ kind: 'triage', label: '待核实', hazards: page(101, 7) }] } };
    },
  });
  stubNavigation();
  const { container } = render(<HazardQueue />);
  await screen.findByText('举报第50条');
  expect(container.querySelector('.hz-tab-on .hz-tab-count')!.textContent).toBe('50+');
  expect(screen.getByText(/共 50\+ 条/)).toBeTruthy();

  fireEvent.click(screen.getByText('加载更多'));
  await screen.findByText('举报第100条');
  fireEvent.click(screen.getByText('加载更多'));
  await screen.findByText('举报第107条');
  expect(container.querySelectorAll('.hz-card-desc')).toHaveLength(107);
  expect(screen.getByText('已全部加载')).toBeTruthy();
  expect(screen.queryByText('加载更多')).toBeNull();
  expect(container.querySelector('.hz-tab-on .hz-tab-count')!.textContent).toBe('107');
  await waitFor(() => expect(sent.filter((s) => s.url.includes('kind=triage')).map((s) => new URL(s.url).searchParams.get('cursor'))).toEqual(['c1', 'c2']));
});
