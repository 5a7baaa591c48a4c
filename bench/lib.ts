export type Figures = Record<string, number>;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A run whose figures are over a budget the issue names: run.ts still writes them to bench/results (a figure over
 * budget is a figure), then fails.
 */
export class OverBudget extends Error {
  constructor(
    readonly figures: Figures,
    breaches: string[],
  ) {
    super(`over budget: ${breaches.join('; ')}`);
  }
}
