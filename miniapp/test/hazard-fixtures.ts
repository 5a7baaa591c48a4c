import Taro from '@tarojs/taro';
import { act } from '@testing-library/react';
import type { HazardSummary, HazardView, TimelineEvent } from '@safegrid/shared';

export const publicUser = { id: 'u-pub', name: '赵公众', grants: [{ role: 'public' as const, roleLabel: '公众' }] };
export const worker = {
  id: 'u-wk',
  name: '钱员工',
  grants: [{ role: 'worker' as const, roleLabel: '企业员工', enterpriseId: 'e1', enterpriseName: '泰安市安达化工有限公司' }],
};
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
export const enforcer = {
  id: 'u-enf',
  name: '孙执法',
  grants: [{ role: 'enforcement' as const, roleLabel: '执法人员', area: '370911', areaName: '示范区' }],
};
export const supervisor = {
  id: 'u-sup',
  name: '李监管',
  grants: [{ role: 'supervisor' as const, roleLabel: '监管人员', area: '370911', areaName: '示范区' }],
};

export const LOCATED = { area: '370911/c1/g1/m1', areaName: '一号微网格', names: ['东关社区', '第一网格', '一号微网格'], distanceM: 0 };

export function summary(i: number, over: Partial<HazardSummary> = {}): HazardSummary {
  return {
    id: `h${i}`,
    state: 'reported',
    stateLabel: '待核实',
    source: 'public',
    sourceLabel: '群众随手拍',
    category: '消防安全',
    description: `隐患描述${i}：楼道堆放杂物堵塞消防通道`,
    area: '370911/c1/g1/m1',
    areaName: '一号微网格',
    overdue: false,
    createdAt: '2026-11-20T06:03:00.000Z',
    updatedAt: '2026-11-20T06:03:00.000Z',
    ...over,
  };
}

export function hazard(over: Partial<HazardView> = {}): HazardView {
  return {
    ...summary(1),
    id: 'h1',
    description: '地下车库消防通道堆满纸箱，灭火器过期',
    enterpriseId: 'e1',
    enterpriseName: '泰安市安达化工有限公司',
    photos: [{ key: 'hazards/01ARZ3NDEKTSV4RRFFQ69G5FAV0123456789abcdef0123.jpg', url: 'https://s3.test/hazards/01ARZ3NDEKTSV4RRFFQ69G5FAV0123456789abcdef0123.jpg?sig=1' }],
    lng: 117.089,
    lat: 36.198,
    address: '3号楼地下车库',
    anonymous: false,
    escalation: 0,
    letters: [],
    version: 3,
    moves: [],
    ...over,
  };
}

export const timeline: TimelineEvent[] = [
  {
    seq: 1,
    at: '2026-11-20T06:03:00.000Z',
    kind: 'report',
    label: '上报',
    by: '赵公众',
    note: '地下车库消防通道堆满纸箱',
    photos: [{ key: 'hazards/01ARZ3NDEKTSV4RRFFQ69G5FAV0123456789abcdef0123.jpg', url: 'https://s3.test/hazards/01ARZ3NDEKTSV4RRFFQ69G5FAV0123456789abcdef0123.jpg?sig=1' }],
    details: [],
  },
  {
    seq: 2,
    at: '2026-11-20T17:30:00.000Z',
    kind: 'confirm',
    label: '核实确认',
    by: '王网格',
    photos: [],
    details: [
      ['隐患等级', '一般'],
      ['整改期限', '2026-11-27'],
    ],
  },
];

export function setRoute(params: Record<string, string> | undefined): void {
  (Taro as unknown as { __routerParams?: Record<string, string> }).__routerParams = params;
}

/** Fire an input (Taro's textarea, NutUI's TextArea) or change (Taro's picker) the way the components listen for it. */
export function fire(el: Element | null, type: 'input' | 'change', value: string): void {
  if (!el) throw new Error(`no element for ${type} ${value}`);
  act(() => {
    el.dispatchEvent(new CustomEvent(type, { detail: { value }, bubbles: true }));
  });
}

/** Photos picked in H5: the browser's Files, as chooseMedia gives them. */
export function stubChooseMedia(files: File[]): jest.SpyInstance {
  return jest.spyOn(Taro, 'chooseMedia').mockImplementation((() =>
    Promise.resolve({
      type: 'image',
      tempFiles: files.map((f, i) => ({
        tempFilePath: `blob:http://localhost/photo-${i}`,
        size: f.size,
        duration: 0,
        height: 800,
        width: 600,
        thumbTempFilePath: '',
        fileType: 'image',
        originalFileObj: f,
      })),
      errMsg: 'chooseMedia:ok',
    })) as never);
}

export const jpeg = (name: string, bytes = 3) => new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' });

/** A ULID as the hazard schema takes it. */
export const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
