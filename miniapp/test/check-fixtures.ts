import { fireEvent, screen } from '@testing-library/react';
import type { ResponseOf } from '@safegrid/shared';
import { stubPlace } from './helpers';

export const gridworker = {
  id: 'u-gw',
  name: '王网格',
  gridworkerLevel: 3 as const,
  grants: [{ role: 'gridworker' as const, roleLabel: '网格员', area: '370911/c1/g1', areaName: '第一网格' }],
};
export const owner = {
  id: 'u-own',
  name: '赵老板',
  grants: [{ role: 'enterprise_owner' as const, roleLabel: '企业负责人', enterpriseId: 'e1', enterpriseName: '泰安市安达化工有限公司' }],
};
export const supervisor = {
  id: 'u-sup',
  name: '李监管',
  grants: [{ role: 'supervisor' as const, roleLabel: '监管人员', area: '370911', areaName: '示范区' }],
};

export type Template = ResponseOf<'listCheckTemplates'>['templates'][number];

/** Four items: pass-fail, number (≥ 1.4 米), text, photo; the first two required. */
export const template: Template = {
  id: 'gm-daily',
  version: 3,
  name: '工贸企业日常检查表',
  industries: ['工贸'],
  publishedAt: '2026-10-01T02:00:00.000Z',
  sections: [
    {
      title: '一、消防安全',
      items: [
        { id: 'f1', text: '灭火器配置齐全且在有效期内', kind: 'passfail', basis: '《消防法》第十六条', failLevel: '一般', required: true },
        { id: 'f2', text: '疏散通道净宽度', kind: 'number', min: 1.4, unit: '米', failLevel: '重大', required: true },
      ],
    },
    {
      title: '二、现场管理',
      items: [
        { id: 'm1', text: '现场管理情况', kind: 'text', failLevel: '一般', required: false },
        { id: 'm2', text: '配电箱现场照片', kind: 'photo', failLevel: '一般', required: false },
      ],
    },
  ],
};
export const general: Template = {
  id: 'general',
  version: 1,
  name: '通用检查表',
  industries: [],
  publishedAt: '2026-09-01T02:00:00.000Z',
  sections: [{ title: '通用', items: [{ id: 'g1', text: '安全生产责任制已建立', kind: 'passfail', failLevel: '一般', required: true }] }],
};

/** The enterprise at 117.0891, 36.1987. */
export const enterprise = {
  id: 'e1',
  name: '泰安市安达化工有限公司',
  kind: '企业',
  address: '东关街道幸福路8号',
  area: '370911/c1/g1',
  areaName: '第一网格',
  industry: '工贸',
  riskClass: 'B',
  tags: [],
  status: '在营',
  verifiedAt: '2026-10-01T02:00:00.000Z',
  updateDue: false,
  lng: 117.0891,
  lat: 36.1987,
  legalRepresentative: '赵老板',
  contacts: [],
  employees: 30,
  photos: [],
  version: 2,
  editable: [],
} satisfies ResponseOf<'getEnterprise'>['enterprise'];

/** Where the phone is: next to the enterprise (≈ 20 m), or about a kilometre away. */
export const NEAR = { longitude: 117.0893, latitude: 36.1988, accuracy: 15 };
export const FAR = { longitude: 117.0991, latitude: 36.1987, accuracy: 30 };

export function stubPosition(at: { longitude: number; latitude: number; accuracy?: number } = NEAR): jest.SpyInstance {
  return stubPlace(at);
}

/** The n-th presigned upload (1-based): its key and the URL its POST goes to. */
export const keyOf = (n: number, ext = 'jpg') => `hazards/01JD00000000000000000000${String(n).padStart(2, '0')}0123456789abcdef0123.${ext}`;
export const postOf = (n: number) => `https://s3.test/bucket/${n}?X-Amz-Signature=${n}`;

export function checkView(over: Partial<ResponseOf<'getCheck'>['check']> = {}): ResponseOf<'getCheck'>['check'] {
  return {
    id: '01JD7CHECK0000000000000001',
    enterpriseId: 'e1',
    enterpriseName: '泰安市安达化工有限公司',
    area: '370911/c1/g1',
    kind: 'daily',
    kindLabel: '日常巡查',
    template,
    inspectorName: '王网格',
    checkIn: { lng: 117.0991, lat: 36.1987, at: '2026-11-20T02:05:00.000Z', distanceM: 892, reason: '企业登记位置有误' },
    answers: [
      { itemId: 'f1', result: 'fail', photos: [keyOf(1)], photoUrls: ['https://s3.test/f1.jpg'], note: '二楼灭火器已过期', fixedOnSpot: true, fixPhotos: [keyOf(2)], fixPhotoUrls: ['https://s3.test/f1-fix.jpg'] },
      { itemId: 'f2', value: 1.6, photos: [], photoUrls: [], fixPhotoUrls: [] },
      { itemId: 'm1', result: 'na', photos: [], photoUrls: [], fixPhotoUrls: [] },
      { itemId: 'm2', photos: [keyOf(3)], photoUrls: ['https://s3.test/m2.jpg'], fixPhotoUrls: [] },
    ],
    summary: '整体情况良好，灭火器已当场更换',
    signerName: '赵老板',
    signatureUrl: 'https://s3.test/signature.png',
    hazardIds: ['h9'],
    failedCount: 1,
    submittedAt: '2026-11-20T02:30:00.000Z',
    ...over,
  };
}

/** Draw a stroke on the check's signature pad and confirm it. */
export async function sign(container: HTMLElement) {
  const pad = container.querySelector('canvas#ck-pad')!;
  fireEvent.mouseDown(pad, { clientX: 10, clientY: 10 });
  for (let i = 1; i <= 8; i += 1) fireEvent.mouseMove(pad, { clientX: 10 + i * 6, clientY: 10 + i * 2 });
  fireEvent.mouseUp(pad);
  fireEvent.click(screen.getByText('确认签名'));
  await screen.findByText('重新签名');
}
