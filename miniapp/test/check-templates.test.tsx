import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import CheckTemplates from '../src/packageGridworker/pages/templates/index';
import CheckTemplateEditor from '../src/packageGridworker/pages/template/index';
import SupervisorHome from '../src/packageSupervisor/pages/home/index';
import AdminHome from '../src/packageAdmin/pages/home/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { fire, setRoute } from './hazard-fixtures';
import { general, supervisor, template, type Template } from './check-fixtures';
import { streetSupervisor } from './reward-fixtures';

// The editor draws every item of a 3-section template with its chips: slow on a busy 2-core machine.
jest.setTimeout(20_000);

afterEach(() => {
  setRoute(undefined);
  reset();
});

const listed = (...templates: Template[]) => ({ statusCode: 200, data: { templates, checkInReasonOverM: 500 } });
const posts = (sent: Sent[]) => sent.filter((s) => s.method === 'POST').map((s) => s.data);
const input = (container: HTMLElement, name: string) => container.querySelector(`[name="${name}"]`);
const item = (container: HTMLElement, id: string) => container.querySelector(`.tp-item-${id}`) as HTMLElement;
const section = (container: HTMLElement, n: number) => container.querySelector(`.tp-section-${n}`) as HTMLElement;
const itemIds = (container: HTMLElement, n: number) => [...section(container, n).querySelectorAll('.tp-item-no')].map((t) => t.textContent);
const navigate = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
const goBack = () => jest.spyOn(Taro, 'navigateBack').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);

/** The editor on `gm-daily`, version 3, loaded. */
async function openEditor(routes: Parameters<typeof stubNetwork>[0]) {
  signIn(supervisor);
  setRoute({ district: '370911', id: 'gm-daily' });
  const sent = stubNetwork({ 'GET /check-templates': listed(general, template), ...routes });
  const nav = stubNavigation();
  const back = goBack();
  const view = render(<CheckTemplateEditor />);
  await screen.findByText('工贸企业日常检查表 · 当前第 3 版 · 2026-10-01 10:00 发布');
  return { sent, nav, back, container: view.container };
}

test('检查清单: the district’s templates with version, industries, 专项, item count and time in Asia/Shanghai; 编辑 and 新建模板 open the editor', async () => {
  signIn(supervisor);
  const sent = stubNetwork({ 'GET /check-templates': listed(general, { ...template, campaign: '消防安全专项整治' }) });
  const go = navigate();
  const { container } = render(<CheckTemplates />);
  expect(await screen.findByText('工贸企业日常检查表')).toBeTruthy();
  expect(sent[0]!.url).toBe('http://api.test/check-templates?district=370911');
  expect([...container.querySelectorAll('.card-title')].map((t) => t.textContent)).toEqual(['通用检查表', '工贸企业日常检查表']);

  const gm = container.querySelector('.tp-card-gm-daily') as HTMLElement;
  expect(within(gm).getByText('第 3 版')).toBeTruthy();
  expect(within(gm).getByText('适用行业：工贸')).toBeTruthy();
  expect(within(gm).getByText('专项：消防安全专项整治')).toBeTruthy();
  expect(within(gm).getByText('共 2 节 4 项 · 编号 gm-daily')).toBeTruthy();
  expect(within(gm).getByText('2026-10-01 10:00 发布')).toBeTruthy();
  const gen = container.querySelector('.tp-card-general') as HTMLElement;
  expect(within(gen).getByText('适用行业：全部行业（通用）')).toBeTruthy();
  expect(within(gen).getByText('共 1 节 1 项 · 编号 general')).toBeTruthy();
  expect(within(gen).queryByText(/专项/)).toBeNull();
  expect(screen.getByText(/已完成的检查仍保留当时使用的版本/)).toBeTruthy();

  fireEvent.click(within(gm).getByText('编辑'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageGridworker/pages/template/index?district=370911&id=gm-daily' });
  fireEvent.click(screen.getByText('新建模板'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageGridworker/pages/template/index?district=370911' });
});

test('检查清单 without a district-level grant says so and asks nothing', async () => {
  signIn(streetSupervisor);
  const sent = stubNetwork({});
  render(<CheckTemplates />);
  expect(await screen.findByText('您没有区级辖区，无法维护检查清单')).toBeTruthy();
  expect(screen.queryByText('新建模板')).toBeNull();
  expect(sent).toHaveLength(0);
});

test('an item edited, one added and one moved: 发布新版本 sends the next version of the one loaded, then goes back', async () => {
  const { sent, nav, back, container } = await openEditor({
    'POST /check-templates': (s) => ({ statusCode: 200, data: { template: { ...(s.data as object), version: 4, publishedAt: '2026-11-20T02:00:00.000Z' } } }),
  });
  expect(screen.getByText('发布将生成第 4 版，之后开始的检查使用新版本；已完成的检查仍保留当时使用的版本，不受影响。')).toBeTruthy();
  expect(screen.getByText('模板编号：gm-daily')).toBeTruthy();
  expect(input(container, 'id')).toBeNull();
  expect((input(container, 'min-f2') as HTMLInputElement).value).toBe('1.4');
  // Only a number item has a range.
  expect(input(container, 'min-f1')).toBeNull();

  fire(input(container, 'text-f1'), 'input', '灭火器配置齐全、压力正常且在有效期内');
  fireEvent.click(screen.getByText('危化品'));
  // The first section's failed items become 消防安全 hazards.
  fireEvent.click(within(section(container, 1)).getByText('消防安全'));
  fireEvent.click(within(item(container, 'm1')).getByText('下移'));
  fireEvent.click(within(section(container, 2)).getByText('＋ 添加检查项'));
  expect(itemIds(container, 2)).toEqual(['第 1 项 · 编号 m2', '第 2 项 · 编号 m1', '第 3 项 · 编号 s2-3']);
  const added = item(container, 's2-3');
  fire(input(container, 'text-s2-3'), 'input', '配电箱前无杂物堆放');
  fire(input(container, 'basis-s2-3'), 'input', 'GB 50054');
  fireEvent.click(within(added).getByText('重大隐患'));
  fireEvent.click(added.querySelector('.tp-required-s2-3')!);
  fireEvent.click(screen.getByText('发布新版本'));

  await waitFor(() => expect(back).toHaveBeenCalled());
  expect(posts(sent)).toEqual([
    {
      district: '370911',
      id: 'gm-daily',
      baseVersion: 3,
      name: '工贸企业日常检查表',
      industries: ['工贸', '危化品'],
      sections: [
        {
          title: '一、消防安全',
          category: '消防安全',
          items: [
            { id: 'f1', text: '灭火器配置齐全、压力正常且在有效期内', kind: 'passfail', basis: '《消防法》第十六条', failLevel: '一般', required: true },
            { id: 'f2', text: '疏散通道净宽度', kind: 'number', min: 1.4, unit: '米', failLevel: '重大', required: true },
          ],
        },
        {
          title: '二、现场管理',
          items: [
            { id: 'm2', text: '配电箱现场照片', kind: 'photo', failLevel: '一般', required: false },
            { id: 'm1', text: '现场管理情况', kind: 'text', failLevel: '一般', required: false },
            { id: 's2-3', text: '配电箱前无杂物堆放', kind: 'passfail', basis: 'GB 50054', failLevel: '重大', required: false },
          ],
        },
      ],
    },
  ]);
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已发布第4版', icon: 'success' }));
});

test('the API’s error on sections.0.items.1.text shows at that item, and stays with it when it moves', async () => {
  const { sent, back, container } = await openEditor({
    'POST /check-templates': {
      statusCode: 400,
      data: { error: { code: 'VALIDATION_FAILED', message: '请检查填写内容', fields: { 'sections.0.items.1.text': '检查内容：与第1项重复' } } },
    },
  });
  fireEvent.click(screen.getByText('发布新版本'));
  expect(await within(item(container, 'f2')).findByText('检查内容：与第1项重复')).toBeTruthy();
  expect(within(item(container, 'f1')).queryByText('检查内容：与第1项重复')).toBeNull();
  expect(screen.getByText('有 1 处需要修改，请查看上方标红的提示')).toBeTruthy();
  expect(posts(sent)).toHaveLength(1);
  expect(back).not.toHaveBeenCalled();

  fireEvent.click(within(item(container, 'f2')).getByText('上移'));
  expect(itemIds(container, 1)).toEqual(['第 1 项 · 编号 f2', '第 2 项 · 编号 f1']);
  expect(within(item(container, 'f2')).getByText('检查内容：与第1项重复')).toBeTruthy();
});

test('what the phone can tell is caught before sending: an empty item, a range that is not a number', async () => {
  const { sent, container } = await openEditor({});
  fireEvent.click(within(section(container, 1)).getByText('＋ 添加检查项'));
  fireEvent.click(within(item(container, 's1-3')).getByText('数值'));
  fire(input(container, 'min-s1-3'), 'input', '零');
  fireEvent.click(screen.getByText('发布新版本'));
  expect(await within(item(container, 's1-3')).findByText('请填写数字')).toBeTruthy();

  fire(input(container, 'min-s1-3'), 'input', '-18');
  fireEvent.click(screen.getByText('发布新版本'));
  expect(await within(item(container, 's1-3')).findByText('检查内容：请填写检查内容')).toBeTruthy();
  expect(posts(sent)).toHaveLength(0);
});

test('409: someone published first — the message, and 刷新 loads their version in place of the edits', async () => {
  let gets = 0;
  const { sent, back, container } = await openEditor({
    'GET /check-templates': () => {
      gets += 1;
      return gets === 1 ? listed(template) : listed({ ...template, version: 4, name: '工贸企业日常检查表（2026版）' });
    },
    'POST /check-templates': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '模板已被他人修改，请刷新后重新编辑', fields: { baseVersion: '模板已更新' } } } },
  });
  fire(input(container, 'text-f1'), 'input', '我的修改');
  fireEvent.click(screen.getByText('发布新版本'));
  expect(await screen.findByText('模板已被他人修改，请刷新后重新编辑')).toBeTruthy();
  expect((posts(sent)[0] as { baseVersion: number }).baseVersion).toBe(3);
  expect(back).not.toHaveBeenCalled();

  fireEvent.click(screen.getByText('刷新（放弃本次修改）'));
  expect(await screen.findByText('工贸企业日常检查表（2026版） · 当前第 4 版 · 2026-10-01 10:00 发布')).toBeTruthy();
  expect(screen.queryByText('模板已被他人修改，请刷新后重新编辑')).toBeNull();
  expect((input(container, 'text-f1') as HTMLTextAreaElement).value).toBe('灭火器配置齐全且在有效期内');
  expect(screen.getByText('发布将生成第 5 版，之后开始的检查使用新版本；已完成的检查仍保留当时使用的版本，不受影响。')).toBeTruthy();
});

test('a new template: its id typed, a section added and removed after asking, published as version 1; an id taken is a 409 at the id', async () => {
  signIn(supervisor);
  setRoute({ district: '370911' });
  const sent = stubNetwork({
    'POST /check-templates': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '该模板编号已存在，请换一个编号或在原模板上修改', fields: { baseVersion: '模板已更新' } } } },
  });
  stubNavigation();
  const modal = jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm: true, cancel: false, errMsg: 'ok' })) as never);
  const { container } = render(<CheckTemplateEditor />);
  expect(screen.getByText('新建检查清单')).toBeTruthy();
  expect(screen.getByText('发布将生成第 1 版，之后开始的检查使用新版本；已完成的检查仍保留当时使用的版本，不受影响。')).toBeTruthy();

  fire(input(container, 'id'), 'input', 'small-venues');
  fire(input(container, 'name'), 'input', '九小场所消防检查表');
  fire(input(container, 'campaign'), 'input', '冬季消防专项');
  fire(input(container, 'title-1'), 'input', '一、消防设施');
  fire(input(container, 'text-s1-1'), 'input', '按规定配置灭火器');
  fireEvent.click(screen.getByText('＋ 添加分节'));
  expect(item(container, 's2-1')).toBeTruthy();
  fireEvent.click(within(section(container, 2)).getAllByText('删除')[0]!);
  expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '删除分节', content: '删除“第 2 节”及其中的 1 个检查项？' }));
  await waitFor(() => expect(section(container, 2)).toBeNull());
  expect(section(container, 1)).toBeTruthy();

  fireEvent.click(screen.getByText('发布新版本'));
  const idField = input(container, 'id')!.closest('.field') as HTMLElement;
  expect(await within(idField).findByText('该模板编号已存在，请换一个编号或在原模板上修改')).toBeTruthy();
  expect(posts(sent)).toEqual([
    {
      district: '370911',
      id: 'small-venues',
      baseVersion: 0,
      name: '九小场所消防检查表',
      industries: [],
      campaign: '冬季消防专项',
      sections: [{ title: '一、消防设施', items: [{ id: 's1-1', text: '按规定配置灭火器', kind: 'passfail', failLevel: '一般', required: true }] }],
    },
  ]);
});

test('检查清单 on the homes: a district supervisor’s and a district admin’s, not a street supervisor’s', async () => {
  stubNetwork({ 'GET /areas': { statusCode: 200, data: { areas: [] } } });
  stubNavigation();
  const go = navigate();

  signIn(supervisor);
  const sup = render(<SupervisorHome />);
  fireEvent.click(screen.getByText('检查清单'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageGridworker/pages/templates/index' });
  await screen.findByText('没有下级区域');
  sup.unmount();

  signIn(streetSupervisor);
  const street = render(<SupervisorHome />);
  expect(screen.queryByText('检查清单')).toBeNull();
  street.unmount();

  signIn({ id: 'u-adm', name: '管理员', grants: [{ role: 'admin', roleLabel: '管理员', area: '370911', areaName: '示范区' }] });
  render(<AdminHome />);
  fireEvent.click(screen.getByText('检查清单'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageGridworker/pages/templates/index' });
  await screen.findByText('没有下级区域');
});
