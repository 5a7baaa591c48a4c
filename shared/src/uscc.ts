/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (no I, O, Z, S, V); the last is a check character over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$/;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new Error(`invalid USCC character ${first17[i]}`);
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Positions 9–17 are the 主体标识码: an organisation code under GB 11714-1997, 8 characters and a
 * check character over them, valued as GB 11714 values them (A=10 … Z=35, not in the order of
 * the 31-character alphabet). GB 32100's own check does not cover it: a made-up or mistyped code
 * given a fitting last character (91370911MA3C0B1210) passes that check and fails this one.
 * Validators differ here (python-stdnum's cn.uscc checks only the last character); all 200
 * published codes in stdnum's tests/test_cn_uscc.doctest pass this check, letters, X and 0 included.
 */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export type UsccProblem = 'length' | 'characters' | 'orgCode' | 'check';

/** Why the code is invalid, or undefined when it is valid. Expects the code as printed (upper case); the schema normalises input. */
export function usccProblem(code: string): UsccProblem | undefined {
  if (code.length !== 18) return 'length';
  if (!SHAPE.test(code)) return 'characters';
  // Before the outer check: when both fail, this one says where the mistake is.
  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) return 'orgCode';
  return usccCheckChar(code.slice(0, 17)) === code[17] ? undefined : 'check';
}

export const USCC_MESSAGES: Record<UsccProblem, string> = {
  length: '统一社会信用代码应为18位，请核对营业执照',
  characters: '统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V），请核对营业执照',
  orgCode: '统一社会信用代码第9至17位（组织机构代码）校验不正确，请逐位核对营业执照',
  check: '统一社会信用代码校验位不正确，请逐位核对营业执照',
};

/**
 * Since 三证合一 (2015) every 企业's licence carries its code; only some 个体工商户 licences have
 * none. Shown after the field's label, so it does not repeat it.
 */
export const USCC_REQUIRED_MESSAGE = '企业必须填写（只有个体工商户可以不填），请按营业执照填写18位代码';
