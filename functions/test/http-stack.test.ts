import { handler as createArea } from '../src/handlers/createArea';
import { handler as me } from '../src/handlers/me';
import { handler as notFound } from '../src/handlers/notFound';
import { SignJWT } from 'jose';
import { deps, overrideDeps } from '../src/deps';
import { MAX_BODY_BYTES } from '../src/lib/http';
import { expectNothingWritten, fixture, invoke, setupTable, tokenFor, userById } from './support';

beforeAll(() => setupTable());

const admin = () => tokenFor(userById('admin-d'));
const goodArea = () => ({ parent: fixture.paths.G1, code: 'm9', name: '新微网格', level: 'microgrid' });

describe('the one middleware stack', () => {
  it('answers bad JSON with 400 BAD_JSON and writes nothing', async () => {
    const res = await expectNothingWritten(async () => invoke(createArea, { method: 'POST', token: await admin(), rawBody: '{"parent":' }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_JSON');
    expect(res.body.error.message).toMatch(/JSON/);
  });

  it('refuses a body that is not JSON by content type', async () => {
    const res = await invoke(createArea, { method: 'POST', token: await admin(), rawBody: 'a=b', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.body).toBeDefined();
  });

  it('refuses an oversized body with 413', async () => {
    const res = await expectNothingWritten(async () =>
      invoke(createArea, { method: 'POST', token: await admin(), body: { ...goodArea(), name: 'x'.repeat(MAX_BODY_BYTES) } }),
    );
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('names each wrong field in Chinese', async () => {
    const res = await expectNothingWritten(async () =>
      invoke(createArea, { method: 'POST', token: await admin(), body: { parent: 5, code: '有 空格', name: '', level: 'planet', extra: 1 } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const { fields } = res.body.error;
    expect(fields.parent).toMatch(/^上级区域：/);
    expect(fields.code).toMatch(/编码/);
    expect(fields.name).toMatch(/^名称：不能为空/);
    expect(fields.level).toMatch(/^级别：/);
    expect(fields.extra).toMatch(/不支持的字段/);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('answers a missing, forged or expired token with 401', async () => {
    expect((await invoke(me)).status).toBe(401);
    const forged = await new SignJWT({ grants: [{ role: 'admin', area: '370911' }] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('safegrid')
      .setSubject('admin-d')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-our-secret-not-our-secret-not-our'));
    const res = await invoke(me, { token: forged });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('登录已过期或无效，请重新登录');
    const old = await deps().tokens.issue({ userId: 'admin-d', grants: [] }, new Date(Date.now() - 3 * 3600_000));
    expect((await invoke(me, { token: old.token })).status).toBe(401);
  });

  it('answers an unexpected failure with a 500 that leaks nothing but the request id', async () => {
    const token = await admin();
    const real = deps();
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    overrideDeps({ db: { ...real.db, areas: { build: () => { throw new Error('connection string secret://db'); } } } as never });
    try {
      const res = await invoke(createArea, { method: 'POST', token, body: goodArea() });
      expect(res.status).toBe(500);
      expect(res.body.error.code).toBe('INTERNAL');
      expect(JSON.stringify(res.body)).not.toMatch(/secret|connection|stack/);
      expect(res.body.error.message).toContain(res.headers['x-request-id'] as string);
      const logged = JSON.parse(spy.mock.calls[0]![0] as string);
      expect(logged).toMatchObject({ level: 'error', status: 500, route: 'createArea', requestId: res.headers['x-request-id'] });
      expect(logged.error).toMatch(/secret/);
    } finally {
      overrideDeps(real);
      spy.mockRestore();
    }
  });

  it('answers unknown routes with 404 in our error body', async () => {
    const res = await invoke(notFound, { method: 'GET', path: '/nowhere' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(res.body.error.message).toContain('/nowhere');
  });
});
