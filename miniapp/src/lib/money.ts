/** Money is kept in integer fen (分); people type and read yuan (元). */

/** '1500.50' → 150050; '1,500' → 150000; undefined when it is not an amount with at most two decimals. */
export function yuanToFen(text: string): number | undefined {
  const m = /^(\d{1,10})(?:\.(\d{0,2}))?$/.exec(text.trim().replace(/[,，\s]/g, ''));
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 150050 → '1,500.50 元'. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')} 元`;
}
