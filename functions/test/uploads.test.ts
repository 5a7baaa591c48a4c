/**
 * Uploads against the local S3: the presigned POST's policy; a record that names a file refuses one
 * whose bytes are not what it claims, writing nothing; and checking a record's uploads with one
 * listing for many keys, HEADs where the listing cannot vouch for a key, and the same answer either way.
 *
 * s3rver (3.7) takes a POST with a policy but checks none of it (not the signature, the key, the
 * type or the size: /tmp probe, and its postObject marks `policy` unimplemented); S3 does. So here
 * the policy is read back decoded, and what gets past a local S3 is shown refused when attached.
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { type CheckTemplate, MAX_IMPORT_BYTES, MAX_PHOTO_BYTES, MAX_SIGNATURE_BYTES, XLSX_CONTENT_TYPE, templateItems } from '@safegrid/shared';
import { handler as createHazardPhotoUpload } from '../src/handlers/createHazardPhotoUpload';
import { handler as createPhotoUpload } from '../src/handlers/createPhotoUpload';
import { handler as createSignatureUpload } from '../src/handlers/createSignatureUpload';
import { handler as createUpload } from '../src/handlers/createUpload';
import { handler as getEnterprise } from '../src/handlers/getEnterprise';
import { handler as publishCheckTemplate } from '../src/handlers/publishCheckTemplate';
import { handler as reportHazard } from '../src/handlers/reportHazard';
import { handler as submitCheck } from '../src/handlers/submitCheck';
import { handler as updateEnterprise } from '../src/handlers/updateEnterprise';
import { type Deps, deps } from '../src/deps';
import { hazardPhotoKey, missingUploads } from '../src/usecases/uploads';
import { DEMO_CHECKLISTS } from '../../scripts/demo/checklists';
import { placeholderPng } from '../src/lib/png';
import { checkBody } from './check-support';
import { publish, sign, signBody } from './commitment-support';
import { PHOTO, move, reportBody, seedHazard, token, uploadPhoto } from './hazard-support';
import { expectNothingWritten, fixture, invoke, policyOf, postUpload, setupTable } from './support';

beforeAll(() => setupTable(), 60_000);
jest.setTimeout(60_000);

const TEXT = Buffer.from('这不是图片，是一段文字\n');
const WEBP = Buffer.from('RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00', 'latin1');

/** Bytes at a fresh key under `userId`'s own photo prefix, as an upload that got past the local S3 leaves them. */
async function storedAs(userId: string, bytes: Buffer): Promise<string> {
  const key = hazardPhotoKey(deps(), userId, 'jpg', ulid());
  await deps().storage.putBuffer(key, bytes, 'image/jpeg');
  return key;
}

describe('the presigned POST', () => {
  const routes = [
    ['a hazard photo', createHazardPhotoUpload, 'pub-1', {}, { contentType: 'image/jpeg', size: 1000 }, MAX_PHOTO_BYTES],
    ['a photo of an enterprise', createPhotoUpload, 'gw-1', { id: 'ent-1' }, { contentType: 'image/webp', size: 1000 }, MAX_PHOTO_BYTES],
    ['a signature', createSignatureUpload, 'owner-1', {}, { contentType: 'image/png', size: 1000 }, MAX_SIGNATURE_BYTES],
    ['a census file', createUpload, 'sup-s1', {}, { purpose: 'census-import', fileName: '普查.xlsx', contentType: XLSX_CONTENT_TYPE, size: 1000 }, MAX_IMPORT_BYTES],
  ] as const;

  it.each(routes)('for %s pins the key and the type, and bounds the size by the route’s limit, for 10 minutes', async (_, handler, as, params, body, limit) => {
    const before = Date.now();
    const res = await invoke(handler, { method: 'POST', token: await token(as), params, body });
    expect(res.status).toBe(200);
    const { key, url, fields } = res.body;
    expect(url).toBe(`${process.env.S3_ENDPOINT}/${process.env.BUCKET_NAME}`);
    expect(fields).toMatchObject({ key, 'Content-Type': body.contentType, 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/) });
    const policy = policyOf(fields);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([{ bucket: process.env.BUCKET_NAME }, { key }, ['eq', '$Content-Type', body.contentType], ['content-length-range', 1, limit]]),
    );
    // Nothing in the policy lets the key or the type vary (no starts-with), and the size has one range.
    expect(policy.conditions.filter((c) => Array.isArray(c) && c[0] === 'starts-with')).toEqual([]);
    expect(policy.conditions.filter((c) => Array.isArray(c) && c[0] === 'content-length-range')).toHaveLength(1);
    // The policy lapses when the answer says, 10 minutes on: it counts in whole seconds, and the two are read a moment
    // apart (1,003 ms apart once on a loaded machine), so within two seconds of each other.
    expect(Date.parse(res.body.expiresAt) - before).toBeGreaterThanOrEqual(600_000);
    expect(Math.abs(Date.parse(policy.expiration) - Date.parse(res.body.expiresAt))).toBeLessThan(2000);
  });

  it('lands the file at the key with the declared type (on the local S3 as on S3)', async () => {
    const key = await uploadPhoto('pub-1', placeholderPng(1, 2, 3), 'image/png');
    const head = await deps().storage.head(key, 8);
    expect(head).toEqual(placeholderPng(1, 2, 3).subarray(0, 8));
    expect(await deps().storage.head(`${key}.absent`, 8)).toBeUndefined();
  });
});

describe('a record that names an upload', () => {
  it('takes JPEG, PNG and WebP photos', async () => {
    const photos = [await uploadPhoto('pub-1'), await uploadPhoto('pub-1', placeholderPng(9, 9, 9), 'image/png'), await uploadPhoto('pub-1', WEBP, 'image/webp')];
    const res = await invoke(reportHazard, { method: 'POST', token: await token('pub-1'), body: await reportBody('pub-1', { photos }) });
    expect(res.status).toBe(200);
    expect(res.body.hazard.photos).toHaveLength(3);
  });

  it('refuses a report whose second photo is text sent as image/jpeg, naming it, writing nothing', async () => {
    const photos = [await uploadPhoto('pub-1'), await uploadPhoto('pub-1', TEXT, 'image/jpeg')];
    const body = await reportBody('pub-1', { photos });
    const res = await expectNothingWritten(async () => invoke(reportHazard, { method: 'POST', token: await token('pub-1'), body }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '第2张照片不是图片文件，请重新拍照上传', fields: { 'photos.1': '第2张照片不是图片文件，请重新拍照上传' } });
  });

  it('refuses an empty photo, and one over 10 MB, that the local S3 let past the policy, writing nothing', async () => {
    const big = Buffer.concat([PHOTO.subarray(0, 4), Buffer.alloc(MAX_PHOTO_BYTES + 1 - 4)]);
    for (const [bytes, message] of [
      [Buffer.alloc(0), '照片未上传成功，请重新上传'],
      [big, '照片未上传成功，请重新上传'],
    ] as const) {
      // Declared as 1000 bytes; the policy's content-length-range [1, 10 MB] makes S3 refuse either with 400, s3rver takes both.
      const upload = await invoke(createHazardPhotoUpload, { method: 'POST', token: await token('pub-1'), body: { contentType: 'image/jpeg', size: 1000 } });
      expect(await postUpload(upload.body, bytes)).toBe(204);
      const body = await reportBody('pub-1', { photos: [upload.body.key] });
      const res = await expectNothingWritten(async () => invoke(reportHazard, { method: 'POST', token: await token('pub-1'), body }));
      expect({ status: res.status, field: res.body.error.fields['photos.0'] }).toEqual({ status: 400, field: message });
    }
  });

  it('refuses evidence whose photo is not an image, naming it, writing nothing', async () => {
    const h = await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
    const photos = [await uploadPhoto('owner-1'), await uploadPhoto('owner-1'), await uploadPhoto('owner-1', Buffer.from('%PDF-1.7\n'), 'image/png')];
    const res = await expectNothingWritten(() => move('owner-1', h.id, { action: 'submitEvidence', photos, note: '已整改完毕' }));
    expect({ status: res.status, fields: res.body.error.fields }).toEqual({ status: 400, fields: { 'move.photos.2': '第3张照片不是图片文件，请重新拍照上传' } });
    const ok = await move('owner-1', h.id, { action: 'submitEvidence', photos: photos.slice(0, 2), note: '已整改完毕' });
    expect(ok.status).toBe(200);
  });

  it('refuses an enterprise photo that is not an image, writing nothing', async () => {
    const t = await token('gw-1');
    const upload = await invoke(createPhotoUpload, { method: 'POST', token: t, params: { id: 'ent-1' }, body: { contentType: 'image/jpeg', size: TEXT.length } });
    expect(await postUpload(upload.body, TEXT)).toBe(204);
    const e = (await invoke(getEnterprise, { token: t, params: { id: 'ent-1' } })).body.enterprise;
    const res = await expectNothingWritten(() =>
      invoke(updateEnterprise, { method: 'PUT', token: t, params: { id: 'ent-1' }, body: { version: e.version, changes: { photos: [{ key: upload.body.key, kind: '门头照片' }] } } }),
    );
    expect({ status: res.status, fields: res.body.error.fields }).toEqual({ status: 400, fields: { 'photos.0': '第1张照片不是图片文件，请重新拍照上传' } });
  });

  it('refuses a check whose signature is not an image, or whose photo is not, writing nothing', async () => {
    const published = await invoke(publishCheckTemplate, { method: 'POST', token: await token('sup-d'), body: { ...DEMO_CHECKLISTS[2]!, district: fixture.paths.D, baseVersion: 0 } });
    const template: CheckTemplate = published.body.template;
    const i = templateItems(template).findIndex((x) => x.kind === 'passfail');
    const body = await checkBody('gw-1', template, { fail: [templateItems(template)[i]!.id] });
    const signatureKey = await uploadPhoto('gw-1', TEXT, 'image/png');
    const signature = await expectNothingWritten(async () => invoke(submitCheck, { method: 'POST', token: await token('gw-1'), body: { ...body, signatureKey } }));
    expect({ status: signature.status, fields: signature.body.error.fields }).toEqual({ status: 400, fields: { signatureKey: '签名不是图片文件，请重新签名' } });
    const text = await storedAs('gw-1', TEXT);
    const answers = body.answers.map((a, j) => (j === i ? { ...a, photos: [a.photos[0]!, text] } : a));
    const photo = await expectNothingWritten(async () => invoke(submitCheck, { method: 'POST', token: await token('gw-1'), body: { ...body, answers } }));
    expect({ status: photo.status, fields: photo.body.error.fields }).toEqual({ status: 400, fields: { [`answers.${i}.photos.1`]: '第2张照片不是图片文件，请重新拍照上传' } });
    expect((await invoke(submitCheck, { method: 'POST', token: await token('gw-1'), body })).status).toBe(200);
  });

  it('refuses a commitment signature that is a JPEG, not the PNG the pad draws, writing nothing', async () => {
    const template = (await publish()).body.template;
    const body = await signBody(template);
    const jpeg = await invoke(createSignatureUpload, { method: 'POST', token: await token('owner-1'), body: { contentType: 'image/png', size: PHOTO.length } });
    expect(await postUpload(jpeg.body, PHOTO)).toBe(204);
    const res = await expectNothingWritten(() => sign('ent-1', { ...body, signatureKey: jpeg.body.key }));
    expect({ status: res.status, fields: res.body.error.fields }).toEqual({ status: 400, fields: { signatureKey: '签名未上传成功，请重新签名' } });
    expect((await sign('ent-1', body)).status).toBe(200);
  });
});

const photo = Buffer.from('ffd8ffd9', 'hex');

/** The real storage, its listings and HEADs counted; `page` may cut a listing short as a full prefix would. */
function counted(page?: (listed: { sizes: Map<string, number>; complete: boolean }) => { sizes: Map<string, number>; complete: boolean }) {
  const base = deps();
  const calls = { lists: 0, listed: 0, heads: [] as string[] };
  const storage: Deps['storage'] = Object.assign(Object.create(base.storage), {
    size: (key: string) => (calls.heads.push(key), base.storage.size(key)),
    sizesUnder: async (prefix: string, startAfter?: string) => {
      calls.lists++;
      const listed = await base.storage.sizesUnder(prefix, startAfter);
      calls.listed += listed.sizes.size;
      return page ? page(listed) : listed;
    },
  });
  return { d: { ...base, storage }, calls };
}

const prefix = () => `hazards/t${randomUUID().replace(/-/g, '').slice(0, 19)}/`;
const put = async (key: string, body = photo) => (await deps().storage.putBuffer(key, body, 'image/png'), key);

describe('missingUploads', () => {
  it('sizes many keys with one listing from the smallest on, past older uploads under the prefix', async () => {
    const p = prefix();
    for (let i = 0; i < 5; i++) await put(`${p}${ulid()}.png`); // earlier records' photos
    const keys: string[] = [];
    for (let i = 0; i < 12; i++) keys.push(await put(`${p}${ulid()}.png`));
    const { d, calls } = counted();
    expect(await missingUploads(d, [...keys].reverse(), p)).toEqual(new Set());
    expect(calls).toEqual({ lists: 1, listed: 12, heads: [] });
  });

  it('finds keys missing, too big, outside the prefix or someone else’s, duplicates and all', async () => {
    const p = prefix();
    const other = prefix();
    const present = [await put(`${p}${ulid()}.png`), await put(`${p}${ulid()}.png`)];
    const big = await put(`${p}${ulid()}.png`, Buffer.alloc(MAX_PHOTO_BYTES + 1));
    const atLimit = await put(`${p}${ulid()}.png`, Buffer.alloc(MAX_PHOTO_BYTES));
    const absent = `${p}${ulid()}.png`;
    const theirs = await put(`${other}${ulid()}.png`);
    const outside = `photos/ent-1/${ulid()}.png`;
    const keys = [present[0]!, absent, big, theirs, present[1]!, atLimit, outside, absent, present[0]!];
    const { d, calls } = counted();
    expect(await missingUploads(d, keys, p)).toEqual(new Set([absent, big, theirs, outside]));
    expect(calls.lists).toBe(1);
    expect(calls.heads).toEqual([]);
  });

  it('HEADs the keys a cut-short listing did not reach, with the same answer', async () => {
    const p = prefix();
    const keys: string[] = [];
    for (let i = 0; i < 6; i++) keys.push(await put(`${p}${ulid()}.png`));
    const absent = `${p}${ulid()}.png`;
    // The page stops after three objects, as S3's does after a thousand.
    const { d, calls } = counted(({ sizes }) => ({ sizes: new Map([...sizes].slice(0, 3)), complete: false }));
    expect(await missingUploads(d, [...keys, absent], p)).toEqual(new Set([absent]));
    expect(calls.lists).toBe(1);
    expect(calls.heads.sort()).toEqual([...keys.slice(3), absent].sort());
  });

  it('HEADs a lone key, and a key whose order S3 may see otherwise', async () => {
    const p = prefix();
    const one = await put(`${p}${ulid()}.png`);
    let { d, calls } = counted();
    expect(await missingUploads(d, [one], p)).toEqual(new Set());
    expect(calls).toEqual({ lists: 0, listed: 0, heads: [one] });

    const odd = await put(`${p}照片${ulid()}.png`);
    const two = await put(`${p}${ulid()}.png`);
    ({ d, calls } = counted());
    expect(await missingUploads(d, [one, odd, two, `${p}缺失.png`], p)).toEqual(new Set([`${p}缺失.png`]));
    expect(calls.lists).toBe(1);
    // Found in the listing, a key is sized from it; not found, only a printable-ASCII key is known absent without a HEAD.
    expect(calls.heads).toEqual([`${p}缺失.png`]);
  });
});
