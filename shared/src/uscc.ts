/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (no I, O, Z, S, V); the last is a check character over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/;

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new Error(`invalid USCC character ${first17[i]}`);
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export type UsccProblem = 'length' | 'characters' | 'check';

/** Why the code is invalid, or undefined when it is valid. */
export function usccProblem(code: string): UsccProblem | undefined {
  if (code.length !== 18) return 'length';
  if (!SHAPE.test(code)) return 'characters';
  return usccCheckChar(code.slice(0, 17)) === code[17] ? undefined : 'check';
}

export const USCC_MESSAGES: Record<UsccProblem, string> = {
  length: '统一社会信用代码应为18位，请核对营业执照',
  characters: '统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V），请核对营业执照',
  check: '统一社会信用代码校验位不正确，请逐位核对营业执照',
};
