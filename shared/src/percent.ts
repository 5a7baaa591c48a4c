/**
 * How every rate reads (整改率, 签署率, 检查覆盖率): one function for the screens, the PDFs and the
 * sheets, so one figure reads the same wherever it is shown.
 *
 * - one decimal, always (`26.0%`, not `26%` beside `27.2%`);
 * - rounded half up (2/13 = 15.38…% → `15.4%`, 13/24 = 54.166…% → `54.2%`), not down;
 * - never more than it means: a rate below 1 never reads `100.0%` (1999/2000 → `99.9%`) and a rate
 *   above 0 never reads `0.0%` (1/3000 → `0.1%`), so 100% means all and 0% means none;
 * - nothing to count (no denominator) → `—`.
 */

/** Tenths of a percent, rounded half up; integer arithmetic when the parts are whole counts. */
function tenths(rate: number, exact?: { part: number; whole: number }): number {
  const r = Math.min(1, Math.max(0, rate));
  let t =
    exact && Number.isInteger(exact.part) && Number.isInteger(exact.whole)
      ? Math.floor((2000 * Math.min(exact.part, exact.whole) + exact.whole) / (2 * exact.whole))
      : // toPrecision drops the float noise that would turn 0.5 into 0.4999…
        Math.round(Number((r * 1000).toPrecision(12)));
  if (r > 0 && t === 0) t = 1;
  if (r < 1 && t === 1000) t = 999;
  return t;
}

/** A rate (0–1) as a percentage number with one decimal (54.2), for bars and colours; undefined stays undefined. */
export function percentOf(rate: number | undefined): number | undefined {
  if (rate === undefined || !Number.isFinite(rate)) return undefined;
  return tenths(rate) / 10;
}

/** A rate (0–1) as it is shown: `54.2%`; `—` when there is none (nothing to count). */
export function formatPercent(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate)) return '—';
  return `${(tenths(rate) / 10).toFixed(1)}%`;
}

/** `part` of `whole` as a percentage number with one decimal; undefined when `whole` is 0. */
export function ratioPercent(part: number, whole: number): number | undefined {
  if (!(whole > 0)) return undefined;
  return tenths(part / whole, { part, whole }) / 10;
}

/** `part` of `whole` as it is shown: 2 of 13 → `15.4%`; `—` when `whole` is 0. */
export function formatRatio(part: number, whole: number): string {
  const pct = ratioPercent(part, whole);
  return pct === undefined ? '—' : `${pct.toFixed(1)}%`;
}
