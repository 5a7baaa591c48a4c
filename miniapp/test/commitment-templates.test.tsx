import Taro from '@tarojs/taro';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import CommitmentTemplates from '../src/packageCommitment/pages/templates/index';
import CommitmentTemplateEditor from '../src/packageCommitment/pages/template/index';
import { reset, signIn, stubNavigation, stubNetwork, type Sent } from './helpers';
import { ULID, fire, setRoute } from './hazard-fixtures';
import { TPL, template, type Template } from './commitment-fixtures';
import { streetSupervisor, supervisor } from './reward-fixtures';

afterEach(() => {
  setRoute(undefined);
  reset();
});

const tpl = template as Template;
const building: Template = {
  ...tpl,
  id: '01JD7TEMP1ATE000000000000B',
  version: 1,
  colour: '黄',
  title: '建筑施工企业安全生产告知承诺书',
  industries: ['建筑'],
};
const listed = (templates: Template[]) => ({ statusCode: 200, data: { templates } });
const posts = (sent: Sent[]) => sent.filter((s) => s.method === 'POST').map((s) => s.data as Record<string, unknown>);
const input = (container: HTMLElement, name: string) => container.querySelector(`[name="${name}"]`) as HTMLInputElement;
const navigate = () => jest.spyOn(Taro, 'navigateTo').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
const goBack = () => jest.spyOn(Taro, 'navigateBack').mockImplementation((() => Promise.resolve({ errMsg: 'ok' })) as never);
const confirmWith = (confirm: boolean) => jest.spyOn(Taro, 'showModal').mockImplementation((() => Promise.resolve({ confirm, cancel: !confirm, errMsg: 'ok' })) as never);
/** What the API answers a publish with: the body as a template of that version. */
const published = (s: Sent, version: number) => {
  const { baseVersion: _base, ...fields } = s.data as Record<string, unknown>;
  return { ...fields, version, publishedAt: '2026-12-01T00:00:00.000Z' };
};
const itemTexts = (container: HTMLElement) => [...container.querySelectorAll('.ct-item [name^="item-"]:not(textarea)')].map((t) => (t as HTMLTextAreaElement).value);

test('the list: each colour with its current letter (version, industries, parts), the industries no letter covers, 编辑 and 新建', async () => {
  signIn(supervisor);
  const sent = stubNetwork({ 'GET /commitment-templates': listed([tpl, building]) });
  const go = navigate();
  render(<CommitmentTemplates />);
  const green = (await screen.findByText('工贸企业安全生产告知承诺书')).closest('.ct-colour') as HTMLElement;
  expect(sent[0]!.url).toBe('http://api.test/commitment-templates?district=370911');
  expect(green.className).toContain('ct-colour-绿');
  expect(within(green).getByText('第 2 版')).toBeTruthy();
  expect(within(green).getByText('适用行业：工贸')).toBeTruthy();
  expect(within(green).getByText('告知书 3 段 · 自查表 3 项 · 承诺书 2 段')).toBeTruthy();
  expect(within(document.querySelector('.ct-colour-蓝') as HTMLElement).getByText('尚未发布')).toBeTruthy();
  expect(screen.getByText(/^尚无承诺书的行业：.*危化品/)).toBeTruthy();
  expect(screen.getByText(/^尚无承诺书的行业：/).textContent).not.toMatch(/工贸|建筑/);

  fireEvent.click(within(green).getByText('编辑'));
  expect(go).toHaveBeenLastCalledWith({ url: `/packageCommitment/pages/template/index?district=370911&id=${TPL}` });
  fireEvent.click(screen.getByText('＋ 新建蓝色承诺书'));
  expect(go).toHaveBeenLastCalledWith({ url: '/packageCommitment/pages/template/index?district=370911&colour=%E8%93%9D' });
});

test('a supervisor without a district is told so, and nothing is asked', async () => {
  signIn(streetSupervisor);
  const sent = stubNetwork({});
  render(<CommitmentTemplates />);
  expect(await screen.findByText('您没有区级辖区，无法维护承诺书模板')).toBeTruthy();
  expect(sent).toHaveLength(0);
});

test('the editor: the letter loads as blocks and items; blanks and an industry another letter covers are named on the phone, nothing sent', async () => {
  signIn(supervisor);
  setRoute({ district: '370911', id: TPL });
  const sent = stubNetwork({ 'GET /commitment-templates': listed([tpl, building]) });
  const { container } = render(<CommitmentTemplateEditor />);
  expect(await screen.findByText(/当前第 2 版/)).toBeTruthy();
  expect(input(container, 'title').value).toBe('工贸企业安全生产告知承诺书');
  expect((input(container, 'notice-3') as unknown as HTMLTextAreaElement).value).toBe('建立健全全员安全生产责任制\n每月开展隐患排查');
  expect(itemTexts(container)).toEqual(['是否建立全员安全生产责任制', '灭火器是否在有效期内', '有限空间作业是否审批']);
  expect(input(container, 'basis-c1').value).toBe('《安全生产法》第四条');
  expect(screen.getByText('发布将生成第 3 版：适用行业的企业须按新版本重新签署；已签署的旧版本仍保留，可查验。')).toBeTruthy();

  // 建筑 is 黄's: its chip says so and does not toggle.
  const taken = screen.getByText('建筑（黄色）').closest('.choice') as HTMLElement;
  expect(taken.className).toContain('ct-taken');
  fireEvent.click(taken);
  expect(taken.className).not.toContain('choice-on');

  fireEvent.click(screen.getByText('＋ 添加自查项'));
  fireEvent.click(within(container.querySelector('.ct-commitment') as HTMLElement).getByText('＋ 添加一段'));
  const modal = confirmWith(true);
  fireEvent.click(screen.getByText('发布新版本'));
  expect(await within(container.querySelector('.ct-item-i4') as HTMLElement).findByText('请填写自查内容，或删除此项')).toBeTruthy();
  const lastBlock = [...container.querySelectorAll('.ct-commitment .ct-block')].pop() as HTMLElement;
  expect(within(lastBlock).getByText('请填写内容，或删除此段')).toBeTruthy();
  expect(screen.getByText('有 2 处需要修改，请查看上方标红的提示')).toBeTruthy();
  expect(modal).not.toHaveBeenCalled();
  expect(posts(sent)).toHaveLength(0);
});

test('items are added, moved and removed keeping their ids; the API’s field errors land on the item they name', async () => {
  signIn(supervisor);
  setRoute({ district: '370911', id: TPL });
  const sent = stubNetwork({
    'GET /commitment-templates': listed([tpl]),
    'POST /commitment-templates': { statusCode: 400, data: { error: { code: 'VALIDATION_FAILED', message: '请检查填写内容', fields: { 'selfCheck.0.basis': '依据：不能超过200个字' } } } },
  });
  confirmWith(true);
  const { container } = render(<CommitmentTemplateEditor />);
  await screen.findByText(/当前第 2 版/);
  fireEvent.click(screen.getByText('＋ 添加自查项'));
  fire(input(container, 'item-i4'), 'input', '燃气报警器是否完好');
  // The new item up two places, the second (c2) removed.
  fireEvent.click(within(container.querySelector('.ct-item-i4') as HTMLElement).getByText('上移'));
  fireEvent.click(within(container.querySelector('.ct-item-i4') as HTMLElement).getByText('上移'));
  fireEvent.click(within(container.querySelector('.ct-item-c2') as HTMLElement).getByText('删除'));
  expect([...container.querySelectorAll('.ct-item .ct-no')].map((e) => e.textContent)).toEqual(['第 1 项', '第 2 项', '第 3 项']);
  expect([...container.querySelectorAll('.ct-item')].map((e) => e.className.replace(/^.*ct-item-/, ''))).toEqual(['c1', 'i4', 'c3']);
  fireEvent.click(screen.getByText('发布新版本'));
  expect(await within(container.querySelector('.ct-item-c1') as HTMLElement).findByText('依据：不能超过200个字')).toBeTruthy();
  expect((posts(sent)[0]!.selfCheck as { id: string; text: string }[]).map((i) => [i.id, i.text])).toEqual([
    ['c1', '是否建立全员安全生产责任制'],
    ['i4', '燃气报警器是否完好'],
    ['c3', '有限空间作业是否审批'],
  ]);
});

test('预览 shows the letter as the owner will read it — colour, parts, numbered items with their answers, no signing — and returns to editing', async () => {
  signIn(supervisor);
  setRoute({ district: '370911', id: TPL });
  stubNetwork({ 'GET /commitment-templates': listed([tpl]) });
  const { container } = render(<CommitmentTemplateEditor />);
  await screen.findByText(/当前第 2 版/);
  fire(input(container, 'item-c2'), 'input', '灭火器、消防栓是否在有效期内');
  fireEvent.click(screen.getByText('蓝色'));
  fireEvent.click(screen.getByText('预览'));

  expect(screen.getByText('工贸企业安全生产告知承诺书', { selector: '.hero-title *' })).toBeTruthy();
  expect(screen.getByText('蓝色')).toBeTruthy();
  expect(screen.getByText(/第 3 版$/)).toBeTruthy();
  for (const part of ['一、告知书', '二、自查表', '三、承诺书']) expect(screen.getByText(part)).toBeTruthy();
  expect(screen.getByText('安全生产告知书')).toBeTruthy();
  expect(screen.getByText('每月开展隐患排查')).toBeTruthy();
  expect(screen.getByText('2. 灭火器、消防栓是否在有效期内')).toBeTruthy();
  expect(screen.getByText('依据：《安全生产法》第四条')).toBeTruthy();
  expect(screen.getAllByText('不符合')).toHaveLength(3);
  expect(screen.getByText('如违反上述承诺，愿意承担相应法律责任。')).toBeTruthy();
  // Nothing to answer with, nothing to sign.
  expect(container.querySelector('textarea, input, canvas')).toBeNull();
  expect(screen.queryByText('确认签署')).toBeNull();

  fireEvent.click(screen.getByText('返回编辑'));
  expect(input(container, 'item-c2').value).toBe('灭火器、消防栓是否在有效期内');
});

test('发布新版本 says owners will sign again, publishes the next version of the one loaded, and goes back', async () => {
  signIn(supervisor);
  setRoute({ district: '370911', id: TPL });
  const sent = stubNetwork({
    'GET /commitment-templates': listed([tpl]),
    'POST /commitment-templates': (s) => ({ statusCode: 200, data: { template: published(s, 3) } }),
  });
  const nav = stubNavigation();
  const back = goBack();
  let modal = confirmWith(false);
  const { container } = render(<CommitmentTemplateEditor />);
  await screen.findByText(/当前第 2 版/);
  fire(input(container, 'commitment-2'), 'input', '本单位郑重承诺：严格落实安全生产主体责任，接受监督。');
  fireEvent.click(screen.getByText('餐饮'));

  fireEvent.click(screen.getByText('发布新版本'));
  await waitFor(() => expect(modal).toHaveBeenCalled());
  expect(modal.mock.calls[0]![0]).toMatchObject({ title: '发布第 3 版', content: expect.stringContaining('须按新版本重新签署') });
  expect(posts(sent)).toHaveLength(0);

  modal.mockRestore();
  modal = confirmWith(true);
  fireEvent.click(screen.getByText('发布新版本'));
  await waitFor(() => expect(back).toHaveBeenCalled());
  expect(nav.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已发布第3版' }));
  const [body] = posts(sent);
  expect(body).toMatchObject({ id: TPL, baseVersion: 2, district: '370911', colour: '绿', industries: ['工贸', '餐饮'], selfCheck: tpl.selfCheck });
  expect(body!.notice).toEqual(tpl.notice);
  expect(body!.commitment).toEqual([tpl.commitment[0], { kind: 'paragraph', text: '本单位郑重承诺：严格落实安全生产主体责任，接受监督。' }]);
});

test('409: someone published first — said in Chinese, with 刷新 to load their version', async () => {
  signIn(supervisor);
  setRoute({ district: '370911', id: TPL });
  let gets = 0;
  const sent = stubNetwork({
    'GET /commitment-templates': () => {
      gets += 1;
      return listed([gets === 1 ? tpl : { ...tpl, version: 3, title: '工贸企业告知承诺书（2027版）' }]);
    },
    'POST /commitment-templates': { statusCode: 409, data: { error: { code: 'CONFLICT', message: '该模板已被他人修改或已发布，请刷新后重新编辑', fields: { baseVersion: '模板已更新' } } } },
  });
  confirmWith(true);
  const { container } = render(<CommitmentTemplateEditor />);
  await screen.findByText(/当前第 2 版/);
  fireEvent.click(screen.getByText('发布新版本'));
  expect(await screen.findByText('该模板已被他人修改或已发布，请刷新后重新编辑')).toBeTruthy();
  expect(posts(sent)[0]).toMatchObject({ baseVersion: 2 });
  fireEvent.click(screen.getByText('刷新（放弃本次修改）'));
  expect(await screen.findByText(/当前第 3 版/)).toBeTruthy();
  expect(input(container, 'title').value).toBe('工贸企业告知承诺书（2027版）');
  expect(screen.queryByText('该模板已被他人修改或已发布，请刷新后重新编辑')).toBeNull();
});

test('a new letter of the colour chosen on the list starts from a skeleton and goes in as version 1 under a ULID', async () => {
  signIn(supervisor);
  setRoute({ district: '370911', colour: '橙' });
  const sent = stubNetwork({
    'GET /commitment-templates': listed([tpl]),
    'POST /commitment-templates': (s) => ({ statusCode: 200, data: { template: published(s, 1) } }),
  });
  stubNavigation();
  goBack();
  const modal = confirmWith(true);
  const { container } = render(<CommitmentTemplateEditor />);
  await screen.findByText('发布后适用行业的企业即须签署');
  expect(screen.getByText('橙色').closest('.choice')!.className).toContain('choice-on');
  fire(input(container, 'title'), 'input', '危化品企业安全生产告知承诺书');
  fireEvent.click(screen.getByText('危化品'));
  fire(input(container, 'notice-2'), 'input', '企业是安全生产的责任主体。');
  fire(input(container, 'item-i1'), 'input', '是否设置重大危险源监控');
  fire(input(container, 'commitment-2'), 'input', '本单位承诺落实安全生产主体责任。');
  // 段落 → 列表: one item a line.
  fireEvent.click(within(container.querySelectorAll('.ct-notice .ct-block')[1] as HTMLElement).getByText('列表'));
  fire(input(container, 'notice-2'), 'input', '建立责任制\n\n开展隐患排查 ');
  fireEvent.click(screen.getByText('发布新版本'));
  await waitFor(() => expect(posts(sent)).toHaveLength(1));
  expect(modal.mock.calls[0]![0]).toMatchObject({ title: '发布第 1 版', content: expect.stringContaining('即须阅读并签署') });
  expect(posts(sent)[0]).toEqual({
    id: expect.stringMatching(ULID),
    baseVersion: 0,
    district: '370911',
    colour: '橙',
    title: '危化品企业安全生产告知承诺书',
    industries: ['危化品'],
    notice: [
      { kind: 'heading', text: '安全生产告知书' },
      { kind: 'list', items: ['建立责任制', '开展隐患排查'] },
    ],
    selfCheck: [{ id: 'i1', text: '是否设置重大危险源监控' }],
    commitment: [
      { kind: 'heading', text: '安全生产承诺书' },
      { kind: 'paragraph', text: '本单位承诺落实安全生产主体责任。' },
    ],
  });
});
