import { AREA_LEVEL_LABELS, type AreaLevel, type GrantView } from '@safegrid/shared';

const LEVEL_NAMES = ['一', '二', '三'];

/** 1 → 一级网格员. */
export function gridworkerLevelLabel(level?: number): string {
  const name = level ? LEVEL_NAMES[level - 1] : undefined;
  return name ? `${name}级网格员` : '网格员';
}

export function areaLevelLabel(level: AreaLevel): string {
  return AREA_LEVEL_LABELS[level] ?? level;
}

/** What a grant reaches, in words: the area's or the enterprise's name. */
export function scopeOf(grant: GrantView): string {
  return grant.enterpriseName ?? grant.enterpriseId ?? grant.areaName ?? grant.area ?? '本人';
}
