import { AREA_LEVEL_LABELS, type AreaLevel, type GrantView, type RiskClass } from '@safegrid/shared';

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

// ---- risk classes (the ledger's A–D or the five colours)

/** A: red, B: orange, C: yellow, D: blue; the colour scale names itself. Each fill with the text that reads on it (dark on yellow). */
const RISK_COLOURS: Record<RiskClass, { background: string; color: string }> = {
  A: { background: '#f53f3f', color: '#fff' },
  B: { background: '#ff7d00', color: '#fff' },
  C: { background: '#fadc19', color: '#1f2329' },
  D: { background: '#1677ff', color: '#fff' },
  红: { background: '#f53f3f', color: '#fff' },
  橙: { background: '#ff7d00', color: '#fff' },
  黄: { background: '#fadc19', color: '#1f2329' },
  蓝: { background: '#1677ff', color: '#fff' },
  绿: { background: '#00b42a', color: '#fff' },
};
/** A risk class's fill and text colour; grey for one not known. */
export function riskColours(risk: string): { background: string; color: string } {
  return RISK_COLOURS[risk as RiskClass] ?? { background: '#8f959e', color: '#fff' };
}
/** Each risk class's fill alone (a map marker's colour). */
export const RISK_BACKGROUNDS = Object.fromEntries(Object.entries(RISK_COLOURS).map(([k, v]) => [k, v.background])) as Record<RiskClass, string>;
/** A → A类, 红 → 红色. */
export function riskLabel(risk: string): string {
  return /^[A-D]$/.test(risk) ? `${risk}类` : `${risk}色`;
}

// ---- rates (整改率, 签署率, 检查覆盖率)

/** A rate (0–1): green from 90%, orange from 60%, red below; grey when there is none (nothing to count). */
export function rateColour(rate: number | undefined): string {
  if (rate === undefined) return '#c9cdd4';
  if (rate >= 0.9) return '#00b42a';
  if (rate >= 0.6) return '#ff7d00';
  return '#f53f3f';
}

/** The colour of a rate given in percent (75 for 75%). */
export const percentColour = (pct: number | undefined): string => rateColour(pct === undefined ? undefined : pct / 100);
