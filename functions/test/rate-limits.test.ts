/**
 * Per-user limits (OWASP API4/API6) through the real handlers against DynamoDB Local: hazard
 * reports, presigned uploads and reminders. The caps are set small here and the clock is pinned to
 * the middle of an hour, so a test never straddles a window boundary by accident.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type Actor, XLSX_CONTENT_TYPE } from '@safegrid/shared';
import { handler as createHazardPhotoUpload } from '../src/handlers/createHazardPhotoUpload';
import { handler as createPhotoUpload } from '../src/handlers/createPhotoUpload';
import { handler as createSignatureUpload } from '../src/handlers/createSignatureUpload';
import { handler as createUpload } from '../src/handlers/createUpload';
import { handler as remindCommitment } from '../src/handlers/remindCommitment';
import { handler as reportHazard } from '../src/handlers/reportHazard';
import { deps, overrideDeps } from '../src/deps';
import { hazardsReportedBy } from '../src/repos/hazards';
import { windowAt } from '../src/repos/rate-limits';
import { dynamoClient } from '../../scripts/local/services';
import { storedReportBody } from './hazard-support';
import { type Request, expectNothingWritten, invoke, setupTable, userById } from './support';
import { subscribe } from './notice-support';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';

const HOUR = 3_600_000;
const LIMITS = { reportsPerHour: 3, uploadsPerHour: 2, remindersPerDay: 2, invitationAttemptsPerHour: 2 };
/** Half past the current hour: every test moves the clock to an hour (or a day) of its own from here. */
const T0 = Math.floor(Date.now() / HOUR) * HOUR + HOUR / 2;
let now = T0;

jest.setTimeout(60_000);

beforeAll(async () => {
  await setupTable();
  overrideDeps({ config: { ...deps().config, limits: LIMITS }, clock: { now: () => new Date(now) } });
});

/** Moves the clock to half past the hour `hours` after T0. */
const atHour = (hours: number) => (now = T0 + hours * HOUR);

/** A token valid at the pinned clock. */
async function token(userId: string): Promise<string> {
  const u = userById(userId);
  return (await deps().tokens.issue({ userId: u.id, grants: u.grants } as Actor, deps().clock.now())).token;
}

const send = async (handler: typeof reportHazard, as: string, req: Request) => invoke(handler, { method: 'POST', token: await token(as), ...req });
const reportAs = async (as: string, body?: Record<string, unknown>) => send(reportHazard, as, { body: body ?? (await storedReportBody(as)) });

/** The hazards `userId` has reported, straight from the table. */
async function hazardsBy(userId: string): Promise<string[]> {
  const { hazards } = await hazardsReportedBy(deps().db, userId, { limit: 100 });
  return hazards.map((h) => h.id);
}

/** The limiter's counter item as stored, raw. */
async function counterItem(userId: string, action: string, windowStart: number) {
  const client = dynamoClient(process.env.DYNAMODB_ENDPOINT!);
  try {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: process.env.TABLE_NAME!, Key: { pk: { S: `LIMIT#${userId}` }, sk: { S: `${action}#${new Date(windowStart).toISOString()}` } } }),
    );
    return Item && unmarshall(Item);
  } finally {
    client.destroy();
  }
}

describe('hazard reports: at most reportsPerHour per reporter', () => {
  it('refuses the (limit+1)-th report in the hour with 429, a Chinese message saying when, Retry-After, and writes nothing', async () => {
    atHour(0);
    for (let i = 0; i < LIMITS.reportsPerHour; i++) expect((await reportAs('pub-1')).status).toBe(200);
    const body = await storedReportBody('pub-1');
    const res = await expectNothingWritten(() => reportAs('pub-1', body));
    expect({ status: res.status, code: res.body.error.code, message: res.body.error.message, retryAfter: res.headers['retry-after'] }).toEqual({
      status: 429,
      code: 'RATE_LIMITED',
      message: '提交太频繁，请 30 分钟后再试',
      retryAfter: '1800',
    });
    expect(await hazardsBy('pub-1')).toHaveLength(LIMITS.reportsPerHour);
    // Another reporter has a quota of their own.
    expect((await reportAs('worker-1')).status).toBe(200);
  });

  it('stores exactly `limit` of a concurrent burst of limit+10, and refuses the rest with 429', async () => {
    atHour(1);
    const bodies = await Promise.all(Array.from({ length: LIMITS.reportsPerHour + 10 }, () => storedReportBody('owner-1')));
    const before = (await hazardsBy('owner-1')).length;
    const statuses = (await Promise.all(bodies.map((b) => reportAs('owner-1', b)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMITS.reportsPerHour);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect((await hazardsBy('owner-1')).length - before).toBe(LIMITS.reportsPerHour);
  });

  it('opens a new window when the hour rolls over', async () => {
    atHour(2);
    for (let i = 0; i < LIMITS.reportsPerHour; i++) expect((await reportAs('gw-1')).status).toBe(200);
    expect((await reportAs('gw-1')).status).toBe(429);
    atHour(3);
    expect((await reportAs('gw-1')).status).toBe(200);
  });

  it('does not count a report refused by validation (content check, location, photos, schema)', async () => {
    atHour(4);
    const refused = [
      { ...(await storedReportBody('pub-1')), description: '这里有违禁内容需要举报' },
      { ...(await storedReportBody('pub-1')), lng: 100.5, lat: 30.5 },
      { ...(await storedReportBody('pub-1')), photos: ['hazard-photos/not-mine/01.jpg'] },
      { ...(await storedReportBody('pub-1')), description: '短' },
    ];
    for (const body of refused) expect((await reportAs('pub-1', body)).status).toBe(400);
    for (let i = 0; i < LIMITS.reportsPerHour; i++) expect((await reportAs('pub-1')).status).toBe(200);
  });

  it('does not count a retried report: the same body answers 200 with the one record, even once the hour is full', async () => {
    atHour(5);
    const before = (await hazardsBy('worker-1')).length;
    const body = await storedReportBody('worker-1');
    const first = await reportAs('worker-1', body);
    expect(first.status).toBe(200);
    for (let i = 0; i < LIMITS.reportsPerHour + 1; i++) expect((await reportAs('worker-1', body)).body.hazard.id).toBe(first.body.hazard.id);
    for (let i = 1; i < LIMITS.reportsPerHour; i++) expect((await reportAs('worker-1')).status).toBe(200);
    expect((await reportAs('worker-1')).status).toBe(429);
    const replay = await expectNothingWritten(() => reportAs('worker-1', body));
    expect({ status: replay.status, id: replay.body.hazard.id }).toEqual({ status: 200, id: body.id });
    expect((await hazardsBy('worker-1')).length - before).toBe(LIMITS.reportsPerHour);
  });

  it('keeps the count in one item per user and window that expires (TTL) when the window ends', async () => {
    atHour(6);
    expect((await reportAs('pub-1')).status).toBe(200);
    expect((await reportAs('pub-1')).status).toBe(200);
    const start = T0 + 6 * HOUR - HOUR / 2;
    expect(await counterItem('pub-1', 'report', start)).toMatchObject({ used: 2, ttl: (start + HOUR) / 1000 });
  });
});

describe('uploads: at most uploadsPerHour per user, over all upload routes', () => {
  const image = { contentType: 'image/jpeg', size: 1000 };
  const routes = [
    ['createHazardPhotoUpload', 'pub-1', () => ({ body: image })],
    ['createPhotoUpload', 'owner-1', () => ({ body: image, params: { id: 'ent-1' } })],
    ['createSignatureUpload', 'owner-3', () => ({ body: { contentType: 'image/png', size: 1000 } })],
    ['createUpload', 'sup-s1', () => ({ body: { purpose: 'census-import', fileName: '企业台账.xlsx', contentType: XLSX_CONTENT_TYPE, size: 1000 } })],
  ] as const;
  const handlers = { createHazardPhotoUpload, createPhotoUpload, createSignatureUpload, createUpload };

  it.each(routes.map((r, i) => [...r, i] as const))('%s: the (limit+1)-th in the hour is refused with 429 and a Chinese message', async (name, as, req, i) => {
    atHour(10 + i);
    for (let n = 0; n < LIMITS.uploadsPerHour; n++) expect((await send(handlers[name], as, req())).status).toBe(200);
    const res = await send(handlers[name], as, req());
    expect({ status: res.status, message: res.body.error.message, retryAfter: res.headers['retry-after'] }).toEqual({
      status: 429,
      message: '上传太频繁，请 30 分钟后再试',
      retryAfter: '1800',
    });
  });

  it('counts uploads of different kinds together, and not one refused by scope', async () => {
    atHour(20);
    expect((await send(createPhotoUpload, 'owner-1', { body: image, params: { id: 'ent-3' } })).status).toBe(404);
    expect((await send(createPhotoUpload, 'owner-1', { body: image, params: { id: 'ent-1' } })).status).toBe(200);
    expect((await send(createHazardPhotoUpload, 'owner-1', { body: image })).status).toBe(200);
    expect((await send(createHazardPhotoUpload, 'owner-1', { body: image })).status).toBe(429);
  });
});

describe('reminders: at most remindersPerDay per sender, besides once a day per enterprise', () => {
  it('refuses the sender past the cap with 429, counts neither a reminder refused for the enterprise nor one that reached nobody, and reopens the next day', async () => {
    atHour(24);
    // The owners accepted the reminder messages in the app (one message each).
    await subscribe('owner-1', ['commitmentDue'], 5);
    await subscribe('owner-3', ['commitmentDue'], 5);
    const remind = (id: string) => send(remindCommitment, 'sup-d', { params: { id } });
    // ent-2 has no owner yet: nobody to reach, so nothing is recorded or counted.
    const unreached = await expectNothingWritten(() => remind('ent-2'));
    expect(unreached.body).toMatchObject({ delivered: false, sent: 0 });
    expect((await remind('ent-1')).body).toMatchObject({ delivered: true, sent: 1 });
    const again = await remind('ent-1');
    expect({ status: again.status, message: again.body.error.message }).toEqual({ status: 429, message: '今天已经提醒过该企业，请明天再试' });
    await deps()
      .db.users.build(PutItemCommand)
      .item({ id: 'owner-2', name: '企业主乙', grants: [{ role: 'enterprise_owner', enterpriseId: 'ent-2' }], homeArea: userById('owner-1').homeArea, openid: 'local-openid-owner-2' })
      .send();
    await subscribe('owner-2', ['commitmentDue']);
    expect((await remind('ent-2')).body).toMatchObject({ delivered: true, sent: 1 });
    const capped = await expectNothingWritten(() => remind('ent-3'));
    expect({ status: capped.status, message: capped.body.error.message }).toEqual({ status: 429, message: '您今天已发送 2 条提醒，达到每日上限，请明天再试' });
    // Retry-After runs to midnight in Asia/Shanghai.
    const midnight = Date.parse(`${new Date(now + 8 * HOUR).toISOString().slice(0, 10)}T00:00:00+08:00`) + 24 * HOUR;
    expect(Number(capped.headers['retry-after'])).toBe(Math.ceil((midnight - now) / 1000));
    atHour(48);
    expect((await remind('ent-3')).status).toBe(200);
  });
});

describe('the window', () => {
  it('a day window starts at midnight in Asia/Shanghai, an hour window on the hour', () => {
    const at = new Date('2026-03-01T17:20:00Z'); // 01:20 on 2 March in Shanghai
    expect(windowAt(at, 86_400).start.toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(windowAt(at, 3_600)).toEqual({ start: new Date('2026-03-01T17:00:00Z'), end: new Date('2026-03-01T18:00:00Z') });
  });
});
