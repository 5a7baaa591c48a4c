/**
 * Area boundaries through the handlers: a point is located by
 * point-in-polygon, a point in no boundary is 不在服务区域 (a report refused naming lng, locateArea
 * 404), a point on a shared corner goes to one grid every time, a new area with a boundary is
 * located to at once in the container that made it, an admin renames, redraws, deactivates and
 * reactivates areas (refused while something lives in one), and imports a street's GeoJSON.
 */
import { rectangle, type Boundary } from '@safegrid/shared';
import { handler as createArea } from '../src/handlers/createArea';
import { handler as createEnterprise } from '../src/handlers/createEnterprise';
import { handler as createUpload } from '../src/handlers/createUpload';
import { handler as importBoundaries } from '../src/handlers/importBoundaries';
import { handler as listAreas } from '../src/handlers/listAreas';
import { handler as locateArea } from '../src/handlers/locateArea';
import { handler as mapPoints } from '../src/handlers/mapPoints';
import { handler as reportHazard } from '../src/handlers/reportHazard';
import { handler as updateArea } from '../src/handlers/updateArea';
import { ulid } from 'ulid';
import { reportBody } from './hazard-support';
import { expectNothingWritten, fixture, invoke, postUpload, setupTable, tokenFor, userById, uscc } from './support';

beforeAll(() => setupTable());
const { D, S1, S2, C1, G1, G2, M1, M2 } = fixture.paths;
const as = (id: string) => tokenFor(userById(id));
const locate = async (lng: number, lat: number) => invoke(locateArea, { token: await as('pub-1'), query: { lng: String(lng), lat: String(lat) } });
const update = async (who: string, body: Record<string, unknown>) => invoke(updateArea, { method: 'PUT', token: await as(who), body });

describe('locating a point by the boundaries', () => {
  it('places points inside a micro-grid there, and names the way down to it', async () => {
    const res = await locate(117.1001, 36.2001);
    expect(res.body).toMatchObject({ area: M1, areaName: '一社区第1网格1号微网格', names: ['测试区', '一街道', '一社区', '一社区第1网格', '一社区第1网格1号微网格'] });
    expect((await locate(117.2, 36.3)).body.area).toBe(M2);
  });

  it('says 不在服务区域 outside every boundary: locateArea 404, a report refused with 400 naming lng, nothing written', async () => {
    // Inside China and 5 km from M2's centre (the old nearest-centre rule took it), but inside no boundary.
    const outside = { lng: 117.26, lat: 36.3 };
    const res = await locate(outside.lng, outside.lat);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('该位置不在本系统服务区域内（不在任何网格范围内），请确认定位后重试');
    const body = await reportBody('pub-1', outside);
    const refused = await expectNothingWritten(async () => invoke(reportHazard, { method: 'POST', token: await as('pub-1'), body }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('该位置不在本系统服务区域内（不在任何网格范围内），请确认定位');
    expect(refused.body.error.fields.lng).toMatch(/不在服务区域/);
  });

  it('sends a point on a shared corner or on the outer line to one grid, every time', async () => {
    // (117.15, 36.25) is a corner of both M1 and M2: the smaller path wins.
    for (let i = 0; i < 3; i++) expect((await locate(117.15, 36.25)).body.area).toBe(M1);
    expect((await locate(117.05, 36.2)).body.area).toBe(M1);
    expect((await locate(117.25, 36.35)).body.area).toBe(M2);
  });
});

describe('keeping the areas', () => {
  it('locates to a new area with a boundary at once in the container that made it', async () => {
    const far = { lng: 117.3, lat: 36.3 };
    // The locating cache is warm, and the point is outside every boundary.
    expect((await locate(far.lng, far.lat)).status).toBe(404);
    const admin = await as('admin-d');
    expect((await update('admin-d', { path: D, boundary: rectangle(117.05, 36.15, 117.35, 36.35) })).status).toBe(200);
    const east = rectangle(117.25, 36.25, 117.35, 36.35);
    const created = async (parent: string, code: string, name: string, level: string, boundary: Boundary) => {
      const res = await invoke(createArea, { method: 'POST', token: admin, body: { parent, code, name, level, boundary } });
      expect(res.status).toBe(200);
      return res.body.area;
    };
    const street = await created(D, 's3', '三街道', 'street', east);
    const community = await created(street.path, 'c3', '三社区', 'community', east);
    expect((await locate(far.lng, far.lat)).status).toBe(404);
    const grid = await created(community.path, 'g3', '三社区第1网格', 'grid', east);
    expect(grid).toMatchObject({ boundary: east, bbox: [117.25, 36.25, 117.35, 36.35], lng: 117.3, lat: 36.3 });
    const found = await locate(far.lng, far.lat);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ area: grid.path, names: ['测试区', '三街道', '三社区', '三社区第1网格'] });
  });

  it('locates to a grid drawn in another container once the areas this one holds are 10 s old', async () => {
    // The district's south-east quarter, where no street is drawn yet.
    const point = { lng: 117.2, lat: 36.2 };
    expect((await locate(point.lng, point.lat)).status).toBe(404);
    // Another warm container (its own copy of the modules and their caches) draws the grid.
    let createElsewhere: typeof createArea = createArea;
    jest.isolateModules(() => {
      createElsewhere = require('../src/handlers/createArea').handler;
    });
    const quarter = rectangle(117.16, 36.16, 117.24, 36.24);
    let parent = D;
    for (const [code, name, level] of [['s4', '四街道', 'street'], ['c4', '四社区', 'community'], ['g4', '四社区第1网格', 'grid']]) {
      const res = await invoke(createElsewhere, { method: 'POST', token: await as('admin-d'), body: { parent, code, name, level, boundary: quarter } });
      expect(res.status).toBe(200);
      parent = res.body.area.path;
    }
    // This container's areas are fresh: the point is still outside them.
    expect((await locate(point.lng, point.lat)).status).toBe(404);
    const now = Date.now();
    const later = jest.spyOn(Date, 'now').mockReturnValue(now + 11_000);
    try {
      expect((await locate(point.lng, point.lat)).body).toMatchObject({ area: parent, names: ['测试区', '四街道', '四社区', '四社区第1网格'] });
    } finally {
      later.mockRestore();
    }
  });

  it('refuses a boundary that is not a closed ring, naming the field in Chinese, and one drawn outside the parent', async () => {
    const open = { type: 'Polygon', coordinates: [[[117.1, 36.2], [117.11, 36.2], [117.11, 36.21], [117.1, 36.21]]] };
    const res = await expectNothingWritten(() => update('admin-s1', { path: M1, boundary: open }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields.boundary).toBe('边界：外环未闭合：最后一个点应与第一个点相同');
    const wrongPlace = await expectNothingWritten(async () =>
      invoke(createArea, { method: 'POST', token: await as('admin-s1'), body: { parent: G1, code: 'mx', name: '画错位置的微网格', level: 'microgrid', boundary: rectangle(117.2, 36.3, 117.21, 36.31) } }),
    );
    expect(wrongPlace.status).toBe(400);
    expect(wrongPlace.body.error.fields.boundary).toBe('边界：边界不在上级区域“一社区第1网格”的范围内，请在其范围内绘制');
  });

  it('redraws a boundary and renames an area: located and named by the new ones at once', async () => {
    expect((await locate(117.12, 36.22)).body.area).toBe(M1);
    // M1 gives up its north-east quarter to a new micro-grid m2 of G1.
    const rest: Boundary = { type: 'Polygon', coordinates: [[[117.05, 36.15], [117.15, 36.15], [117.15, 36.2], [117.1, 36.2], [117.1, 36.25], [117.05, 36.25], [117.05, 36.15]]] };
    expect((await update('admin-s1', { path: M1, boundary: rest })).body.area).toMatchObject({ boundary: rest, bbox: [117.05, 36.15, 117.15, 36.25] });
    expect((await locate(117.12, 36.22)).body.area).toBe(G1);
    const m2 = await invoke(createArea, { method: 'POST', token: await as('admin-s1'), body: { parent: G1, code: 'm2', name: '一社区第1网格2号微网格', level: 'microgrid', boundary: rectangle(117.1, 36.2, 117.15, 36.25) } });
    expect(m2.status).toBe(200);
    expect((await locate(117.12, 36.22)).body.area).toBe(`${G1}/m2`);
    const renamed = await update('admin-s1', { path: `${G1}/m2`, name: '一社区第1网格东北微网格' });
    expect(renamed.body.area.name).toBe('一社区第1网格东北微网格');
    expect((await locate(117.12, 36.22)).body.areaName).toBe('一社区第1网格东北微网格');
  });

  it('deactivates only an empty area under the admin’s own: not located to, offered for nothing new; and reactivates it', async () => {
    const m2 = `${G1}/m2`;
    // Something still lives in these: a child area, businesses on file; and a street admin's own street is not theirs to close.
    const withChild = await expectNothingWritten(() => update('admin-s1', { path: G1, active: false }));
    expect(withChild.status).toBe(409);
    expect(withChild.body.error.fields.active).toMatch(/^请先停用其下级区域（一社区第1网格1号微网格、一社区第1网格东北微网格）/);
    const withFiles = await expectNothingWritten(() => update('admin-s1', { path: M1, active: false }));
    expect(withFiles.status).toBe(409);
    expect(withFiles.body.error.message).toMatch(/该区域还有 2 家企业，请先将企业迁至其他网格/);
    const ownRoot = await expectNothingWritten(() => update('admin-s1', { path: S1, active: false }));
    expect(ownRoot.status).toBe(403);

    const off = await update('admin-s1', { path: m2, active: false });
    expect(off.status).toBe(200);
    expect(off.body.area.deactivatedAt).toBeDefined();
    // Its grid takes the points it held; no new business, area or gridworker goes into it.
    expect((await locate(117.12, 36.22)).body.area).toBe(G1);
    const enterprise = { id: ulid(), uscc: uscc(7301), name: '停用网格里的新企业', kind: '企业', address: '东北路1号', lng: 117.12, lat: 36.22, area: m2, industry: '商贸', riskClass: 'C', tags: [], status: '在营', legalRepresentative: '王五', contacts: [], employees: 3 };
    const refused = await expectNothingWritten(async () => invoke(createEnterprise, { method: 'POST', token: await as('admin-s1'), body: enterprise }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.area).toBe('所属网格已停用');
    const under = await expectNothingWritten(async () => invoke(createArea, { method: 'POST', token: await as('admin-s1'), body: { parent: m2, code: 'x', name: '停用区域下的区域', level: 'microgrid' } }));
    expect(under.status).toBe(400);

    const on = await update('admin-s1', { path: m2, active: true });
    expect(on.body.area.deactivatedAt).toBeUndefined();
    expect((await locate(117.12, 36.22)).body.area).toBe(m2);
    // A report falls in it again; while that hazard is open, the area cannot be closed.
    const reported = await invoke(reportHazard, { method: 'POST', token: await as('pub-1'), body: await reportBody('pub-1', { lng: 117.12, lat: 36.22 }) });
    expect(reported.body.hazard.area).toBe(m2);
    const withHazard = await expectNothingWritten(() => update('admin-s1', { path: m2, active: false }));
    expect(withHazard.status).toBe(409);
    expect(withHazard.body.error.fields.active).toBe('该区域还有 1 条未办结的隐患，请办结后再停用');
  });

  it('lets only admins of the area keep it: another street’s admin and other roles are refused, nothing written', async () => {
    const body = { path: M2, name: '改名' };
    for (const who of ['admin-s1', 'sup-s2', 'gw-2']) {
      const res = await expectNothingWritten(() => update(who, body));
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
  });
});

describe('importing a street’s boundaries from GeoJSON', () => {
  const feature = (properties: object, geometry: Boundary | object) => ({ type: 'Feature', properties, geometry });
  /** Uploads the text as `who` the way the phone does (createUpload, then the presigned POST); the key. */
  async function upload(who: string, text: string): Promise<string> {
    const bytes = Buffer.from(text);
    const res = await invoke(createUpload, { method: 'POST', token: await as(who), body: { purpose: 'boundary-import', fileName: 'street.geojson', contentType: 'application/geo+json', size: bytes.length } });
    expect(res.status).toBe(200);
    expect(res.body.key).toMatch(new RegExp(`^boundaries/${who}/`));
    expect(await postUpload(res.body, bytes, 'street.geojson')).toBe(204);
    return res.body.key;
  }
  const importAs = async (who: string, parent: string, key: string) => invoke(importBoundaries, { method: 'POST', token: await as(who), body: { parent, key } });
  const collection = (...features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });

  it('hands out a boundary upload to admins only', async () => {
    const res = await expectNothingWritten(async () =>
      invoke(createUpload, { method: 'POST', token: await as('sup-s2'), body: { purpose: 'boundary-import', fileName: 'a.geojson', contentType: 'application/geo+json', size: 10 } }),
    );
    expect(res.status).toBe(403);
    const tooBig = await invoke(createUpload, { method: 'POST', token: await as('admin-s2'), body: { purpose: 'boundary-import', fileName: 'a.geojson', contentType: 'application/geo+json', size: 6 * 1024 * 1024 } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.fields.size).toBe('文件大小：文件不能超过 5 MB');
  });

  it('writes nothing when any feature is invalid, and says which and why', async () => {
    const key = await upload(
      'admin-s2',
      collection(
        feature({ name: '二社区第1网格' }, rectangle(117.15, 36.25, 117.25, 36.35)),
        feature({ code: 'm2' }, { type: 'Polygon', coordinates: [[[117.15, 36.25], [117.2, 36.25], [117.25, 36.25], [117.15, 36.25]]] }),
        feature({ name: '三号网格' }, rectangle(117.2, 36.3, 117.21, 36.31)),
      ),
    );
    const res = await expectNothingWritten(() => importAs('admin-s2', S2, key));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      applied: false,
      message: '1 个要素有误，未导入任何边界；请按下列原因修改文件后重新导入',
      matched: [{ feature: 1, label: '二社区第1网格', path: G2, areaName: '二社区第1网格' }],
      unmatched: [{ feature: 3, label: '三号网格' }],
      invalid: [{ feature: 2, label: 'm2', reason: '外环面积为零（各点在一条直线上）' }],
    });
  });

  it('writes every matched boundary when all are sound, skipping features that name no area there; located by them at once', async () => {
    // S2's micro-grid M2 is cut in two: its west half stays M2, the east half becomes G2's, which catches what M2 left.
    const west = rectangle(117.15, 36.25, 117.2, 36.35);
    const key = await upload(
      'admin-s2',
      collection(
        feature({ code: 'm2' }, west),
        feature({ path: G2, name: '二社区第1网格' }, rectangle(117.15, 36.25, 117.25, 36.35)),
        feature({ name: '一社区第1网格1号微网格' }, rectangle(117.05, 36.15, 117.15, 36.25)),
      ),
    );
    expect((await locate(117.22, 36.3)).body.area).toBe(M2);
    const res = await importAs('admin-s2', S2, key);
    expect(res.body).toMatchObject({
      applied: true,
      message: '已导入 2 个区域的边界，1 个要素未对应到“二街道”及其下级区域（已跳过）',
      matched: [
        { feature: 1, path: M2 },
        { feature: 2, path: G2 },
      ],
      unmatched: [{ feature: 3, label: '一社区第1网格1号微网格' }],
      invalid: [],
    });
    expect((await locate(117.22, 36.3)).body.area).toBe(G2);
    expect((await locate(117.17, 36.3)).body.area).toBe(M2);
    const listed = await invoke(listAreas, { token: await as('admin-s2'), query: { parent: G2 } });
    expect(listed.body.areas[0]).toMatchObject({ path: M2, boundary: west, bbox: [117.15, 36.25, 117.2, 36.35] });
  });

  it('refuses a file that is no GeoJSON, another admin’s file, and an area outside the admin’s', async () => {
    const notJson = await upload('admin-s2', 'name,lng,lat\n网格,117,36');
    const res = await expectNothingWritten(() => importAs('admin-s2', S2, notJson));
    expect(res.status).toBe(400);
    expect(res.body.error.fields.key).toBe('文件不是有效的 JSON，请导出为 GeoJSON（.geojson）后重试');
    const theirs = await expectNothingWritten(() => importAs('admin-s1', S1, notJson));
    expect(theirs.status).toBe(403);
    const mine = await upload('admin-s1', collection(feature({ code: 'm2' }, rectangle(117.15, 36.25, 117.2, 36.35))));
    const elsewhere = await expectNothingWritten(() => importAs('admin-s1', S2, mine));
    expect(elsewhere.status).toBe(403);
    const other = await expectNothingWritten(() => importAs('sup-s1', S1, mine));
    expect(other.status).toBe(403);
  });
});

describe('the map draws the boundaries', () => {
  it('answers the area’s boundary and those of the areas two levels under it', async () => {
    const res = await invoke(mapPoints, { token: await as('sup-s1'), query: { area: S1 } });
    expect(res.status).toBe(200);
    expect(res.body.areas.map((a: { path: string }) => a.path)).toEqual([S1, C1, G1]);
    expect(res.body.areas[0]).toMatchObject({ name: '一街道', level: 'street', boundary: { type: 'Polygon' } });
    expect(JSON.stringify(res.body.areas)).not.toContain(S2);
  });
});
