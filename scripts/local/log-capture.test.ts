import { appendFileSync, existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkLogCapture, findSecrets, startLogCapture } from './log-capture';

const line = (extra: Record<string, unknown>) => JSON.stringify({ level: 'info', requestId: 'b7c1f0de-2c1e-4a8e-9a51-3d0f7f1e2a10', route: 'me', status: 200, ms: 13, userId: '01JDEMO8Z4T3K9Q2W6E5R7Y1U0', ...extra });

describe('the log check', () => {
  it('passes ordinary request lines: ids, times, masked phones, credit codes with letters', () => {
    expect(findSecrets([line({}), line({ at: '2026-12-01T23:41:07.123+08:00', ms: 1732999999999 }), line({ phone: '138****5678', uscc: '91370900MA3C4X5Y2K' })])).toEqual([]);
  });

  it.each([
    ['令牌 (JWT)', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl'],
    ['令牌 (Bearer)', 'Bearer abcdefghijklmnop0123'],
    ['手机号', '13912345678'],
    ['身份证号', '37090219900101123X'],
    ['微信 openid', 'oAbCdEfGhIjKlMnOpQrStUvWxYz1'],
    ['微信 openid', 'local-openid-demo-owner'],
    ['微信 session_key', 'session_key'],
  ])('finds a %s', (kind, secret) => {
    expect(findSecrets([line({}), line({ error: `failed for ${secret} here` })])).toEqual([{ lineNo: 2, kind, line: expect.stringContaining(secret) }]);
  });

  it('does not take a longer digit run, or digits inside a request id, for a phone or an ID number', () => {
    expect(findSecrets([line({ n: '139123456789' }), line({ n: '3709021990010112345' })])).toEqual([]);
    expect(findSecrets([line({ requestId: '9a11e40d-5ccb-4230-af6c-16965066715b' }), line({ id: '01JDE37090219900101123XQ' })])).toEqual([]);
  });

  it('fails the run listing the line, and passes (removing the file) when nothing leaked', () => {
    const saved = process.env.SAFEGRID_LOG_FILE;
    const g = globalThis as { __logCapture?: unknown };
    try {
      g.__logCapture = undefined;
      startLogCapture();
      const file = process.env.SAFEGRID_LOG_FILE!;
      appendFileSync(file, `${line({})}\n${line({ error: '手机号 13912345678 已被绑定' })}\n`);
      expect(() => checkLogCapture()).toThrow(/1 secret\(s\) in 2 log lines[\s\S]*手机号 @ line 2: .*13912345678/);
      // A failed check keeps its file for a person to read; this one is only the test's.
      rmSync(dirname(file), { recursive: true, force: true });

      g.__logCapture = undefined;
      startLogCapture();
      const clean = process.env.SAFEGRID_LOG_FILE!;
      appendFileSync(clean, `${line({})}\n`);
      const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      checkLogCapture();
      expect(out).toHaveBeenCalledWith('log check: checked 1 log lines, 0 secrets\n');
      out.mockRestore();
      expect(existsSync(clean)).toBe(false);
    } finally {
      g.__logCapture = undefined;
      process.env.SAFEGRID_LOG_FILE = saved;
      if (saved === undefined) delete process.env.SAFEGRID_LOG_FILE;
    }
  });
});
