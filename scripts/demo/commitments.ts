/**
 * The demo district's commitment letters (告知承诺, Tianqu's five colours): one template per
 * colour covering every industry, published by the district supervisor, and this year's
 * signatures of some enterprises, made through the use cases.
 */
import { ulid } from 'ulid';
import type { Actor, Industry, RichBlock, SelfCheckItem } from '@safegrid/shared';
import type { Deps } from '../../functions/src/deps';
import { createSignatureUpload, publishCommitmentTemplate, signCommitment } from '../../functions/src/usecases/commitments';
import { withoutLimits } from '../../functions/src/usecases/rate-limits';
import { DEMO_SEED, type DemoDistrict, stream } from './generate';
import { ownerOf } from './hazards';
import { placeholderPng } from '../../functions/src/lib/png';

const duties = (extra: string[]): RichBlock[] => [
  { kind: 'heading', text: '一、主体责任' },
  {
    kind: 'list',
    items: [
      '你单位是安全生产的责任主体，主要负责人对本单位安全生产工作全面负责。',
      '建立健全全员安全生产责任制和安全生产规章制度，保证安全生产投入。',
      '组织开展从业人员安全生产教育和培训，未经培训合格的不得上岗作业。',
    ],
  },
  { kind: 'heading', text: '二、隐患排查治理' },
  { kind: 'list', items: ['建立隐患排查治理制度，定期开展自查自改，如实记录隐患排查治理情况。', '对网格员和监管部门交办的隐患，按期整改并报送整改材料，接受复查。', ...extra] },
  { kind: 'heading', text: '三、法律责任' },
  { kind: 'paragraph', text: '违反《中华人民共和国安全生产法》有关规定，未采取措施消除事故隐患的，由负有安全生产监督管理职责的部门责令立即消除或者限期消除，并依法予以处罚。' },
];

const pledge = (name: string): RichBlock[] => [
  { kind: 'paragraph', text: `本单位已认真阅读《${name}》告知书，知悉并承诺严格履行以下安全生产责任：` },
  {
    kind: 'list',
    items: ['严格遵守安全生产法律法规和标准规范，落实安全生产主体责任。', '如实开展隐患自查自改，对发现的隐患立即整改，不能立即整改的制定方案限期整改。', '配合网格员和监管部门的检查，不弄虚作假，不拒绝、阻挠检查。', '违反上述承诺的，愿意承担相应的法律责任。'],
  },
];

const items = (texts: [string, string?][]): SelfCheckItem[] => texts.map(([text, basis], i) => ({ id: `q${i + 1}`, text, ...(basis ? { basis } : {}) }));
const COMMON: [string, string?][] = [
  ['主要负责人和安全管理人员经安全培训考核合格', '《安全生产法》第二十七条'],
  ['从业人员经安全生产教育和培训合格后上岗', '《安全生产法》第二十八条'],
  ['安全出口、疏散通道畅通，未锁闭、未堵塞', '《消防法》第二十八条'],
  ['灭火器、消防栓等消防器材配置齐全、在有效期内', '《消防法》第十六条'],
  ['电气线路规范敷设，无私拉乱接', 'GB 50054'],
  ['建立隐患排查治理台账并如实记录', '《安全生产法》第四十一条'],
];

const TEMPLATES: { colour: '绿' | '蓝' | '黄' | '白' | '橙'; title: string; industries: Industry[]; extra: string[]; checks: [string, string?][] }[] = [
  {
    colour: '橙',
    title: '危险化学品和燃气经营使用单位安全生产告知承诺书',
    industries: ['危化品', '燃气'],
    extra: ['危险化学品分类分区存放，设置安全警示标志，建立出入库台账。', '燃气使用场所安装可燃气体报警装置并定期检验。'],
    checks: [...COMMON, ['危险化学品专库专人管理，台账清晰', '《危险化学品安全管理条例》第二十四条'], ['可燃气体报警装置完好有效', 'GB/T 50493'], ['液化气钢瓶未存放在地下室、半地下室'], ['特种作业人员持证上岗', '《安全生产法》第三十条']],
  },
  {
    colour: '黄',
    title: '工贸和建筑施工企业安全生产告知承诺书',
    industries: ['工贸', '建筑'],
    extra: ['涉及有限空间作业的，严格执行“先通风、再检测、后作业”。', '涉爆粉尘作业场所定期清扫，除尘系统规范接地。'],
    checks: [...COMMON, ['有限空间作业审批并设专人监护', '《工贸企业有限空间作业安全规定》'], ['粉尘作业场所及时清扫，无积尘', '《工贸企业粉尘防爆安全规定》'], ['特种设备定期检验并在有效期内', '《特种设备安全法》第四十条']],
  },
  {
    colour: '蓝',
    title: '交通运输和文化旅游单位安全生产告知承诺书',
    industries: ['交通运输', '文旅'],
    extra: ['营运车辆按期检测，驾驶员持证上岗。', '人员密集场所控制人数，制定应急疏散预案并演练。'],
    checks: [...COMMON, ['营运车辆按期检测维护'], ['人员密集场所应急疏散预案每年至少演练一次', '《消防法》第十六条']],
  },
  {
    colour: '白',
    title: '教育和服务业单位安全生产告知承诺书',
    industries: ['教育', '服务业'],
    extra: ['校舍和经营场所定期开展安全检查。'],
    checks: [...COMMON, ['电动自行车未在室内、楼道停放充电'], ['应急照明和疏散指示标志完好']],
  },
  {
    colour: '绿',
    title: '商贸和餐饮单位安全生产告知承诺书',
    industries: ['商贸', '餐饮'],
    extra: ['使用燃气的厨房安装燃气泄漏报警装置，定期清洗排油烟管道。', '九小场所不得违规住人。'],
    checks: [...COMMON, ['厨房燃气软管无老化，安装报警装置'], ['排油烟管道定期清洗'], ['经营场所未违规住人']],
  },
];

export const DEMO_SIGNED_COUNT = 60;

/** Publishes the five templates and has some enterprises sign this year's letter (never the demo owner's, who signs in the demo). */
export async function loadDemoCommitments(deps: Deps, district: DemoDistrict): Promise<number> {
  const d = withoutLimits(deps);
  const supervisor = district.users.find((u) => u.id === 'demo-district')!;
  const actor = (id: string, grants = district.users.find((u) => u.id === id)?.grants): Actor => ({ userId: id, grants: grants ?? [] });
  const districtPath = district.areas.find((a) => !a.parent)!.path;
  const ids: Record<string, string> = {};
  for (const t of TEMPLATES) {
    const { template } = await publishCommitmentTemplate(d, actor(supervisor.id), {
      id: ulid(),
      baseVersion: 0,
      district: districtPath,
      colour: t.colour,
      title: t.title,
      industries: t.industries,
      notice: duties(t.extra),
      selfCheck: items(t.checks),
      commitment: pledge(t.title),
    });
    ids[t.colour] = template.id;
  }
  const rng = stream(DEMO_SEED, 'commitments');
  const users = new Map(district.users.map((u) => [u.id, u]));
  const candidates = rng.shuffle(district.enterprises.filter((e, i) => i > 0 && e.status === '在营')).slice(0, DEMO_SIGNED_COUNT);
  const signature = placeholderPng(30, 30, 30);
  for (const e of candidates) {
    const ownerId = await ownerOf(d, e, users);
    const owner = actor(ownerId, users.get(ownerId)!.grants);
    const t = TEMPLATES.find((x) => x.industries.includes(e.industry))!;
    const upload = await createSignatureUpload(d, owner);
    await d.storage.putBuffer(upload.key, signature, 'image/png');
    await signCommitment(d, owner, e.id, {
      templateId: ids[t.colour]!,
      templateVersion: 1,
      answers: items(t.checks).map((q) => ({ itemId: q.id, answer: 'yes' as const })),
      signatureKey: upload.key,
      signerName: e.legalRepresentative,
    });
  }
  return candidates.length;
}
