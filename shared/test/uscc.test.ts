import { orgCodeCheckChar, usccCheckChar, usccProblem, Uscc, validate } from '../src';

describe('unified social credit code (GB 32100)', () => {
  // Published codes of real businesses, from python-stdnum's tests/test_cn_uscc.doctest: digits only,
  // a letter first in the organisation code, X and 0 as its check character, a 个体工商户 (92) and a
  // 机构编制 registration (12); and a Fuzhou code of the 2015 pilots.
  it.each(['91110000600037341L', '91620105L015101280', '9115220107837757XE', '92340603MA2PBMCG0U', '121200004013590816', '91310115MA1K3BTP2B', '91350100M000100Y43'])(
    'accepts %s',
    (code) => expect(usccProblem(code)).toBeUndefined(),
  );

  it('computes the check character', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('91110000600037341')).toBe('L');
  });

  it('computes the organisation code\'s check character (GB 11714: A=10 … Z=35, 10 → X, 11 → 0)', () => {
    expect(orgCodeCheckChar('60003734')).toBe('1');
    expect(orgCodeCheckChar('L0151012')).toBe('8');
    expect(orgCodeCheckChar('07837757')).toBe('X');
    expect(orgCodeCheckChar('MA2PBMCG')).toBe('0');
    expect(orgCodeCheckChar('MA3C0B12')).toBe('6');
  });

  it('rejects an organisation code (positions 9–17) that fails its own check, even when the outer check character fits', () => {
    expect(usccCheckChar('91370911MA3C0B121')).toBe('0');
    expect(usccProblem('91370911MA3C0B1210')).toBe('orgCode');
    expect(usccProblem('91370911MA3C0B1260')).toBe('check');
    expect(usccProblem('91370911MA3C0B126' + usccCheckChar('91370911MA3C0B126'))).toBeUndefined();
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
    expect(validate(Uscc, '91370911MA3C0B1210')).toEqual({
      ok: false,
      fields: { body: '请求内容：统一社会信用代码第9至17位（组织机构代码）校验不正确，请逐位核对营业执照' },
    });
  });

  it('the shared schema (the API and the census import) takes a code typed in lower case or with spaces, upper-cased', () => {
    expect(validate(Uscc, ' 91350100m000100y43 ')).toEqual({ ok: true, data: '91350100M000100Y43' });
  });
});
