/** Helpers for the hazard tests: photos put in the local S3 the way the phone does, reports, moves and a recount. */
import { ulid } from 'ulid';
import { handler as createHazardPhotoUpload } from '../src/handlers/createHazardPhotoUpload';
import { handler as getHazard } from '../src/handlers/getHazard';
import { handler as moveHazard } from '../src/handlers/moveHazard';
import { handler as reportHazard } from '../src/handlers/reportHazard';
import { deps } from '../src/deps';
import { moveHazard as moveHazardUsecase, reportHazard as reportHazardUsecase } from '../src/usecases/hazards';
import { hazardPhotoKey } from '../src/usecases/uploads';
import { recountItems, scanAll } from '../src/usecases/recount';
import { fixture, invoke, postUpload, tokenFor, userById } from './support';

export const token = (id: string) => tokenFor(userById(id));

/** A tiny JPEG-looking body: a record checks a photo's first bytes, not its pixels. */
export const PHOTO = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

/** Asks for a presigned POST as `userId` and sends a photo (or whatever `bytes` are, declared as `contentType`) there, as the phone does. */
export async function uploadPhoto(userId: string, bytes: Buffer = PHOTO, contentType = 'image/jpeg'): Promise<string> {
  const res = await invoke(createHazardPhotoUpload, { method: 'POST', token: await token(userId), body: { contentType, size: bytes.length } });
  expect(res.status).toBe(200);
  expect(await postUpload(res.body, bytes, 'photo')).toBe(204);
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
  return scanAll(deps());
}

/**
 * The counters as they should be, recounted from the records (functions/src/usecases/recount.ts):
 * hazard stock and flow, site checks and signed commitment letters. Both sides without zeros.
 */
export async function countersVersusRecount() {
  const { stored, recount } = recountItems(await allItems());
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
  const key = hazardPhotoKey(d, reporterId, 'jpg', ulid());
  await d.storage.putBuffer(key, PHOTO, 'image/jpeg');
  return { id: ulid(), description: '仓库内电动车违规充电', category: '用电安全' as const, photos: [key], lng: 117.1001, lat: 36.2001, anonymous: false };
}
