/** Helpers for the hazard tests: photos put in the local S3 the way the phone does, reports, moves and a recount. */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import {
  RECORD_FLOW_COUNTERS,
  type FlowCounter,
  type HazardCore,
  type MoveName,
  type StockCounter,
  flowKeys,
  hazardPhotoPrefix,
  periodOf,
  selfAndAncestors,
  stockKeys,
} from '@safegrid/shared';
import { handler as createHazardPhotoUpload } from '../src/handlers/createHazardPhotoUpload';
import { handler as getHazard } from '../src/handlers/getHazard';
import { handler as moveHazard } from '../src/handlers/moveHazard';
import { handler as reportHazard } from '../src/handlers/reportHazard';
import { deps } from '../src/deps';
import { moveHazard as moveHazardUsecase, reportHazard as reportHazardUsecase } from '../src/usecases/hazards';
import { uploaderTag } from '../src/usecases/uploads';
import { dynamoClient } from '../../scripts/local/services';
import { fixture, invoke, tokenFor, userById } from './support';

export const token = (id: string) => tokenFor(userById(id));

/** A tiny JPEG-looking body; storage checks presence and size, not pixels. */
const PHOTO = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

/** Asks for an upload URL as `userId` and PUTs a photo there, as the phone does. */
export async function uploadPhoto(userId: string): Promise<string> {
  const res = await invoke(createHazardPhotoUpload, { method: 'POST', token: await token(userId), body: { contentType: 'image/jpeg', size: PHOTO.length } });
  expect(res.status).toBe(200);
  const put = await fetch(res.body.url, { method: 'PUT', body: PHOTO, headers: { 'content-type': 'image/jpeg', 'content-length': String(PHOTO.length) } });
  expect(put.status).toBe(200);
  return res.body.key;
}

export async function reportBody(userId: string, extra: Record<string, unknown> = {}) {
  return {
    id: ulid(),
    description: '三楼消防通道被杂物堵塞，安全出口上锁',
    category: '消防安全',
    photos: [await uploadPhoto(userId)],
    lng: 117.1001,
    lat: 36.2001,
    anonymous: false,
    ...extra,
  };
}

export async function report(userId: string, extra: Record<string, unknown> = {}) {
  const res = await invoke(reportHazard, { method: 'POST', token: await token(userId), body: await reportBody(userId, extra) });
  expect(res.status).toBe(200);
  return res.body.hazard;
}

export async function detail(userId: string, id: string) {
  return invoke(getHazard, { token: await token(userId), params: { id } });
}

/** Makes a move as `userId` on the version the hazard is at now. */
export async function move(userId: string, id: string, m: Record<string, unknown>, version?: number) {
  const v = version ?? (await detail('sup-d', id)).body.hazard.version;
  return invoke(moveHazard, { method: 'POST', token: await token(userId), params: { id }, body: { version: v, move: m } });
}

export const inDays = (n: number, from = new Date()) => new Date(from.getTime() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

/** Every item of the table, unmarshalled. */
export async function allItems(): Promise<Record<string, any>[]> {
  const client = dynamoClient(process.env.DYNAMODB_ENDPOINT!);
  const items: Record<string, any>[] = [];
  let ExclusiveStartKey: Record<string, any> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: process.env.TABLE_NAME!, ExclusiveStartKey }));
    items.push(...(page.Items ?? []).map((i) => unmarshall(i)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  client.destroy();
  return items;
}

/**
 * The counters as they should be, recounted from the records: the stock from where each hazard
 * stands, the flow from each timeline event in the month and area it happened. Both sides
 * compared without zeros.
 */
export async function countersVersusRecount() {
  const items = await allItems();
  const hazards = items.filter((i) => i._et === 'Hazard');
  const events = items.filter((i) => i._et === 'HazardEvent');
  const stored: Record<string, number> = {};
  for (const c of items.filter((i) => i._et === 'Counter')) {
    // Signed commitment letters share the counter items; this recount is of hazards.
    for (const [k, v] of Object.entries(c)) if (typeof v === 'number' && v !== 0 && !(RECORD_FLOW_COUNTERS as readonly string[]).includes(k)) stored[`${c.area}|${c.period}|${k}`] = v;
  }
  const recount: Record<string, number> = {};
  const add = (area: string, period: string, key: FlowCounter | StockCounter) => {
    for (const a of selfAndAncestors(area)) recount[`${a}|${period}|${key}`] = (recount[`${a}|${period}|${key}`] ?? 0) + 1;
  };
  for (const h of hazards) for (const k of stockKeys(h as HazardCore)) add(h.area, 'STOCK', k);
  for (const e of events) {
    const h = hazards.find((x) => x.id === e.hazardId)!;
    // flowKeys reads the state and level after the event: the state is on the event; the level was set by then and never changes.
    for (const k of flowKeys(e.kind as MoveName | 'report', { ...(h as HazardCore), state: e.state }, e.data)) add(e.area, periodOf(e.at), k);
  }
  for (const k of Object.keys(recount)) if (recount[k] === 0) delete recount[k];
  return { stored, recount };
}

export const { M1, M2, S1, S2, D } = fixture.paths;

/** A hazard made through the use cases (no HTTP), for tests that need one in place before they start. */
export async function seedHazard(reporterId: string, extra: Record<string, unknown> = {}, confirmAs?: string) {
  const d = deps();
  const actorOf = (id: string) => ({ userId: id, grants: userById(id).grants });
  const body = { ...(await storedReportBody(reporterId)), ...extra } as Parameters<typeof reportHazardUsecase>[2];
  const { hazard } = await reportHazardUsecase(d, actorOf(reporterId), body);
  if (!confirmAs) return hazard;
  const confirmed = await moveHazardUsecase(d, actorOf(confirmAs), hazard.id, {
    version: hazard.version,
    move: { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(7), ...(hazard.enterpriseId ? {} : { enterpriseId: 'ent-1' }) },
  });
  return confirmed.hazard;
}

/** A report's body with its photo put straight into storage, as the phone's upload would leave it. */
export async function storedReportBody(reporterId: string) {
  const d = deps();
  const key = `${hazardPhotoPrefix(uploaderTag(d, reporterId))}${ulid()}.jpg`;
  await d.storage.putBuffer(key, PHOTO, 'image/jpeg');
  return { id: ulid(), description: '仓库内电动车违规充电', category: '用电安全' as const, photos: [key], lng: 117.1001, lat: 36.2001, anonymous: false };
}
