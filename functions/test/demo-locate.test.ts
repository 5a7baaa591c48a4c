/**
 * Every demo business's own coordinates locate to its own micro-grid: the whole
 * demo district loaded into DynamoDB Local, each of the 3,000 located through the use case (the
 * areas read with one Query, then kept), a sample through the handler, and the issue's own case
 * (a report made at 鑫达五金机械厂's coordinates, with no business named) through reportHazard.
 */
import { handler as locateArea } from '../src/handlers/locateArea';
import { handler as reportHazard } from '../src/handlers/reportHazard';
import { deps } from '../src/deps';
import { forgetAreas, locate } from '../src/usecases/locate';
import { DEMO_ENTERPRISE_NAME, generateDistrict } from '../../scripts/demo/generate';
import { ulid } from 'ulid';
import { handler as createHazardPhotoUpload } from '../src/handlers/createHazardPhotoUpload';
import { PHOTO } from './hazard-support';
import { invoke, postUpload, setupTable, tokenFor } from './support';

jest.setTimeout(120_000);
const district = generateDistrict();
const user = (id: string) => district.users.find((u) => u.id === id)!;

beforeAll(async () => {
  await setupTable(district);
  forgetAreas();
}, 120_000);

it('locates every demo business to its own micro-grid (3,000 of 3,000)', async () => {
  const wrong: string[] = [];
  for (const e of district.enterprises) {
    const found = await locate(deps(), e.lng, e.lat);
    if (found?.area !== e.area) wrong.push(`${e.id} ${e.name}: ${found?.area ?? '不在服务区域'} ≠ ${e.area}`);
  }
  console.log(`demo locate: ${district.enterprises.length - wrong.length} of ${district.enterprises.length} businesses in their own micro-grid`);
  expect(wrong).toEqual([]);
});

it('answers the same through the handler for a sample, every 25th business', async () => {
  const token = await tokenFor(user('demo-public'));
  for (const e of district.enterprises.filter((_, i) => i % 25 === 0)) {
    const res = await invoke(locateArea, { token, query: { lng: String(e.lng), lat: String(e.lat) } });
    expect({ id: e.id, status: res.status, area: res.body.area }).toEqual({ id: e.id, status: 200, area: e.area });
  }
});

it("puts a report made at 鑫达五金机械厂's own coordinates, naming no business, in that business's micro-grid", async () => {
  const firm = district.enterprises.find((e) => e.name === DEMO_ENTERPRISE_NAME)!;
  const token = await tokenFor(user('demo-public'));
  const upload = await invoke(createHazardPhotoUpload, { method: 'POST', token, body: { contentType: 'image/jpeg', size: PHOTO.length } });
  expect(await postUpload(upload.body, PHOTO, 'photo')).toBe(204);
  const body = { id: ulid(), description: '门口堆放大量易燃纸箱', category: '消防安全', photos: [upload.body.key], lng: firm.lng, lat: firm.lat, anonymous: false };
  const res = await invoke(reportHazard, { method: 'POST', token, body });
  expect(res.status).toBe(200);
  expect(res.body.hazard.area).toBe(firm.area);
  expect(district.areas.find((a) => a.path === firm.area)!.name).toBe('东官庄社区第1网格1号微网格');
});
