/** One figure, one rounding (issue #21 item 6): every rate on every screen, PDF and sheet reads through these. */
import fc from 'fast-check';
import { formatPercent, formatRatio, percentOf, ratioPercent, rectificationRate } from '../src';

describe('a rate as it is shown', () => {
  it('rounds half up to one decimal, where the screens used to round down', () => {
    // The bulletin screen floored 2/13 to 15.3% and 13/24 to 54.1% while its PDF said 54.2%.
    expect(formatRatio(2, 13)).toBe('15.4%');
    expect(formatRatio(13, 24)).toBe('54.2%');
    expect(formatPercent(2 / 13)).toBe('15.4%');
    expect(formatPercent(13 / 24)).toBe('54.2%');
    expect(formatPercent(rectificationRate({ confirmed: 24, closed: 13 }))).toBe('54.2%');
    // Exact halves go up, whatever the float noise: 1/8 = 12.5%, 3/2000 = 0.15%, 1/16 = 6.25%.
    expect(formatRatio(1, 8)).toBe('12.5%');
    expect(formatRatio(3, 2000)).toBe('0.2%');
    expect(formatPercent(3 / 2000)).toBe('0.2%');
    expect(formatRatio(1, 16)).toBe('6.3%');
    expect(formatPercent(1 / 16)).toBe('6.3%');
  });

  it('always shows one decimal, so 26% and 27.2% never stand side by side', () => {
    expect(formatPercent(0.26)).toBe('26.0%');
    expect(formatPercent(0.272)).toBe('27.2%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatRatio(3, 4)).toBe('75.0%');
  });

  it('says 100% only when all and 0% only when none', () => {
    expect(formatRatio(1999, 2000)).toBe('99.9%');
    expect(formatPercent(0.99996)).toBe('99.9%');
    expect(formatRatio(1, 3000)).toBe('0.1%');
    expect(formatPercent(0.0001)).toBe('0.1%');
    expect(formatRatio(4, 4)).toBe('100.0%');
    expect(formatRatio(0, 5)).toBe('0.0%');
  });

  it('shows a dash when there is nothing to count', () => {
    expect(formatPercent(undefined)).toBe('—');
    expect(formatPercent(rectificationRate({ confirmed: 0, closed: 0 }))).toBe('—');
    expect(formatRatio(0, 0)).toBe('—');
    expect(ratioPercent(0, 0)).toBeUndefined();
    expect(percentOf(undefined)).toBeUndefined();
  });

  it('reads the same from the counts and from the rate the API sends, and the number matches the text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), (whole, p) => {
        const part = p % (whole + 1);
        const text = formatRatio(part, whole);
        expect(formatPercent(part / whole)).toBe(text);
        expect(`${ratioPercent(part, whole)!.toFixed(1)}%`).toBe(text);
        expect(`${percentOf(part / whole)!.toFixed(1)}%`).toBe(text);
        // Within half a tenth of the exact figure, except where the guards keep 100% and 0% honest.
        const exact = (part / whole) * 100;
        const shown = ratioPercent(part, whole)!;
        if (part !== 0 && part !== whole && (shown === 0.1 || shown === 99.9)) return;
        expect(Math.abs(shown - exact)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });
});
