import Taro from '@tarojs/taro';
import type { ResponseOf, SignedView } from '@safegrid/shared';

export const owner = {
  id: 'u-own',
  name: '赵老板',
  grants: [{ role: 'enterprise_owner' as const, roleLabel: '企业负责人', enterpriseId: 'e1', enterpriseName: '泰安市安达化工有限公司' }],
};
export const gridworker = {
  id: 'u-gw',
  name: '王网格',
  gridworkerLevel: 3 as const,
  grants: [
    { role: 'gridworker' as const, roleLabel: '网格员', area: '370911/c1/g1/m1', areaName: '一号微网格' },
    { role: 'gridworker' as const, roleLabel: '网格员', area: '370911/c1/g1/m2', areaName: '二号微网格' },
  ],
};
export const supervisor = {
  id: 'u-sup',
  name: '李监管',
  grants: [{ role: 'supervisor' as const, roleLabel: '监管人员', area: '370911/c1', areaName: '东关街道' }],
};

export const TPL = '01JD7TEMP1ATE000000000000A';
export const KEY = `2026-${TPL}-v2`;
export const SIGNATURE_KEY = 'signatures/tag-u-own/01JD7S1GNATURE00000000000B.png';

export type Template = NonNullable<ResponseOf<'enterpriseCommitments'>['owed']>;

export const template: Template = {
  id: TPL,
  version: 2,
  publishedAt: '2026-01-05T02:00:00.000Z',
  district: '370911',
  colour: '绿',
  title: '工贸企业安全生产告知承诺书',
  industries: ['工贸'],
  notice: [
    { kind: 'heading', text: '安全生产告知书' },
    { kind: 'paragraph', text: '根据《安全生产法》，企业是安全生产的责任主体，主要负责人对本单位安全生产工作全面负责。' },
    { kind: 'list', items: ['建立健全全员安全生产责任制', '每月开展隐患排查'] },
  ],
  selfCheck: [
    { id: 'c1', text: '是否建立全员安全生产责任制', basis: '《安全生产法》第四条' },
    { id: 'c2', text: '灭火器是否在有效期内' },
    { id: 'c3', text: '有限空间作业是否审批' },
  ],
  commitment: [
    { kind: 'paragraph', text: '本单位郑重承诺：严格落实安全生产主体责任。' },
    { kind: 'paragraph', text: '如违反上述承诺，愿意承担相应法律责任。' },
  ],
};

export function commitments(over: Partial<ResponseOf<'enterpriseCommitments'>> = {}): ResponseOf<'enterpriseCommitments'> {
  return {
    enterprise: { id: 'e1', name: '泰安市安达化工有限公司', industry: '工贸' },
    year: 2026,
    owed: template,
    signed: [],
    canSign: true,
    ...over,
  };
}

export const summary = {
  key: `2025-${TPL}-v1`,
  year: 2025,
  templateId: TPL,
  templateVersion: 1,
  colour: '蓝' as const,
  title: '工贸企业安全生产告知承诺书',
  signerName: '赵老板',
  signedAt: '2025-03-02T01:30:00.000Z',
  hash: 'a'.repeat(64),
};

export const HASH = '3f5a9c0e1b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a';

export function record(over: Partial<SignedView> = {}): SignedView {
  return {
    key: KEY,
    year: 2026,
    templateId: TPL,
    templateVersion: 2,
    colour: '绿',
    title: template.title,
    signerName: '赵老板',
    signedAt: '2026-03-02T01:30:00.000Z',
    hash: HASH,
    enterpriseId: 'e1',
    enterpriseName: '泰安市安达化工有限公司',
    notice: template.notice,
    selfCheck: template.selfCheck,
    commitment: template.commitment,
    answers: [
      { itemId: 'c1', answer: 'yes' },
      { itemId: 'c2', answer: 'no', note: '二楼仓库灭火器过期' },
      { itemId: 'c3', answer: 'na' },
    ],
    signaturePng: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
    hazardIds: ['01JD7HAZARD000000000000001'],
    ...over,
  };
}

/**
 * The page's layout, as Taro.createSelectorQuery answers it: `#cm-end` (the end of the letter) is
 * `top` px from the top of a window 700 px high, so it is on screen once `top` is below that. Tests move it and then call the page's scroll handler.
 */
export function stubLetterEnd(initialTop = 3000): { scrollTo: (top: number) => void } {
  let top = initialTop;
  jest.spyOn(Taro, 'getWindowInfo').mockReturnValue({ windowHeight: 700, windowWidth: 375, pixelRatio: 2 } as never);
  jest.spyOn(Taro, 'createSelectorQuery').mockImplementation((() => {
    const wanted: string[] = [];
    const query = {
      select: (selector: string) => {
        wanted.push(selector);
        return query;
      },
      boundingClientRect: () => query,
      exec: (cb?: (res: unknown[]) => void) =>
        cb?.(wanted.map((s) => (s === '#cm-end' ? { top, bottom: top + 1, left: 0, right: 375, width: 375, height: 1 } : null))),
    };
    return query;
  }) as unknown as typeof Taro.createSelectorQuery);
  return {
    scrollTo: (next: number) => {
      top = next;
      (Taro as unknown as { __pageScroll?: (e: { scrollTop: number }) => void }).__pageScroll?.({ scrollTop: initialTop - next });
    },
  };
}
