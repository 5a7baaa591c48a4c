/** The monthly bulletins (月通报): which areas' bulletins a user can open, and how their states read. */
import { selfAndAncestors, type Role } from '@safegrid/shared';

/** The roles that generate and publish (the API's BULLETIN_KEEPERS). */
export const KEEPER_ROLES: readonly Role[] = ['supervisor', 'admin'];

const LEVEL_LABELS = ['区', '街道'];

/**
 * The areas whose bulletins a user opens: each area they hold, and the district and street above
 * it (bulletins are drafted for those; publishing goes down to everyone under them).
 */
export function bulletinAreasOf(held: { path: string; name: string }[]): { value: string; label: string }[] {
  const out = new Map<string, string>();
  for (const a of held) {
    for (const p of selfAndAncestors(a.path).slice(0, 2)) if (!out.has(p)) out.set(p, held.find((h) => h.path === p)?.name ?? `上级${LEVEL_LABELS[p.split('/').length - 1]}`);
    out.set(a.path, a.name);
  }
  return [...out.entries()].map(([value, label]) => ({ value, label }));
}

/** The month before this one (YYYY-MM), the one the schedule drafts on the 1st. */
export function lastMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
