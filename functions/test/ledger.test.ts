import { ulid } from 'ulid';
import { ENTERPRISE_FIELD_LABELS, type EnterpriseFields } from '@safegrid/shared';
import { deps, overrideDeps } from '../src/deps';
import { handler as createEnterprise } from '../src/handlers/createEnterprise';
import { handler as createPhotoUpload } from '../src/handlers/createPhotoUpload';
import { handler as getEnterprise } from '../src/handlers/getEnterprise';
import { handler as listEnterprises } from '../src/handlers/listEnterprises';
import { handler as updateEnterprise } from '../src/handlers/updateEnterprise';
import { importEnterpriseRow } from '../src/usecases/ledger';
import { planLedgerQuery } from '../src/repos/enterprises';
import { expectNothingWritten, fixtureDistrict, invoke, postUpload, setupTable, snapshot, tokenFor, uscc } from './support';

// The fixture plus 45 more businesses in M1 of every kind, and one guarantee leader's files.
const district = fixtureDistrict();
const { S1, S2, G1, M1, M2 } = district.paths;
const industries = ['工贸', '餐饮', '商贸'] as const;
const classes = ['A', 'B', 'C', 'D'] as const;
for (let n = 10; n < 55; n++) {
  district.enterprises.push({
    ...district.enterprises[0]!,
    id: `ent-${n}`,
    uscc: uscc(n),
    name: n % 5 === 0 ? `鑫达五金${n}厂` : `测试企业${n}`,
    address: `测试路${n}号`,
    industry: industries[n % 3]!,
    riskClass: classes[n % 4]!,
    tags: n % 2 ? ['九小场所'] : [],
    status: n % 7 === 0 ? '停业' : '在营',
    ...(n < 13 ? { guaranteeLeaderId: 'guar-s1' } : {}),
  });
}
beforeAll(() => setupTable(district));

const as = (id: string) => tokenFor(district.users.find((u) => u.id === id)!);
const ids = (res: { body: { enterprises: { id: string }[] } }) => res.body.enterprises.map((e) => e.id).sort();

describe('the ledger list', () => {
  it('pages through an area with a cursor, each file once', async () => {
    const token = await as('sup-d');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await invoke(listEnterprises, { token, query: { area: S1, limit: '20', ...(cursor ? { cursor } : {}) } });
      expect(res.status).toBe(200);
      seen.push(...res.body.enterprises.map((e: { id: string }) => e.id));
      cursor = res.body.cursor;
      pages++;
    } while (cursor);
    expect(seen).toHaveLength(47);
    expect(new Set(seen).size).toBe(47);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  type E = (typeof district.enterprises)[number];
  it.each([
    ['industry', { industry: '餐饮' }, (e: E) => e.industry === '餐饮', 'gsi2'],
    ['risk class', { riskClass: 'A' }, (e: E) => e.riskClass === 'A', 'gsi3'],
    ['guarantee leader', { guaranteeLeaderId: 'guar-s1' }, (e: E) => e.guaranteeLeaderId === 'guar-s1', 'gsi4'],
    ['tag', { tag: '九小场所' }, (e: E) => e.tags.includes('九小场所'), 'gsi1'],
    ['status', { status: '停业' }, (e: E) => e.status === '停业', 'gsi1'],
    ['part of the name', { q: '五金' }, (e: E) => e.name.includes('五金'), 'gsi1'],
    ['industry and class together', { industry: '工贸', riskClass: 'B' }, (e: E) => e.industry === '工贸' && e.riskClass === 'B', 'gsi2'],
  ])('filters by %s on its own key', async (_what, filter, matches, index) => {
    const res = await invoke(listEnterprises, { token: await as('sup-s1'), query: { area: S1, limit: '100', ...filter } });
    expect(res.status).toBe(200);
    const want = district.enterprises.filter((e) => e.area.startsWith(`${S1}/`) && matches(e)).map((e) => e.id);
    expect(want.length).toBeGreaterThan(0);
    expect(ids(res)).toEqual(want.sort());
    expect(planLedgerQuery({ area: S1, ...(filter as object) }).key.index).toBe(index);
  });

  it.each([
    ['part of the name', { q: '企业' }],
    ['a filter on the industry key', { industry: '商贸', status: '在营' }],
    ['a credit-code prefix', { q: uscc(1).slice(0, 8) }],
  ])('pages a filtered list (%s) completely, three at a time', async (_what, filter) => {
    const token = await as('sup-s1');
    const all = await invoke(listEnterprises, { token, query: { area: S1, limit: '100', ...filter } });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await invoke(listEnterprises, { token, query: { area: S1, limit: '3', ...filter, ...(cursor ? { cursor } : {}) } });
      expect(res.body.enterprises.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.enterprises.map((e: { id: string }) => e.id));
      cursor = res.body.cursor;
    } while (cursor);
    expect(all.body.enterprises.length).toBeGreaterThan(3);
    expect(seen).toEqual(all.body.enterprises.map((e: { id: string }) => e.id));
  });

  it('finds by the start of a credit code, and only inside the scope', async () => {
    const code = uscc(3); // ent-3 is in S2
    const inside = await invoke(listEnterprises, { token: await as('sup-s2'), query: { area: S2, q: code.slice(0, 16) } });
    expect(ids(inside)).toEqual(['ent-3']);
    const outside = await invoke(listEnterprises, { token: await as('sup-s1'), query: { area: S1, q: code } });
    expect(outside.body.enterprises).toEqual([]);
    expect(planLedgerQuery({ area: S1, q: code }).key.index).toBe('gsi5');
  });

  it('finds by part of the name or a whole credit code, in any case, only inside the scope (the enterprise picker)', async () => {
    const fives = district.enterprises.filter((e) => e.name.includes('五金')).map((e) => e.id).sort();
    const named = await invoke(listEnterprises, { token: await as('gw-1'), query: { q: '五金', limit: '100' } });
    expect(ids(named)).toEqual(fives);
    const elsewhere = await invoke(listEnterprises, { token: await as('sup-s2'), query: { area: S2, q: '五金', limit: '100' } });
    expect(elsewhere.body.enterprises).toEqual([]);
    const whole = await invoke(listEnterprises, { token: await as('gw-1'), query: { q: ` ${uscc(12).toLowerCase()} ` } });
    expect(ids(whole)).toEqual(['ent-12']);
    // ent-3 lies in M2: a gridworker of M1 does not find it by its code, nor by its name.
    expect((await invoke(listEnterprises, { token: await as('gw-1'), query: { q: uscc(3) } })).body.enterprises).toEqual([]);
    expect((await invoke(listEnterprises, { token: await as('gw-1'), query: { q: '测试企业3', limit: '100' } })).body.enterprises.map((e: { id: string }) => e.id)).not.toContain('ent-3');
  });

  it('lists the files due for their monthly update', async () => {
    const later = new Date(Date.now() + 60 * 86_400_000);
    const real = deps();
    const token = (await real.tokens.issue({ userId: 'sup-s1', grants: [{ role: 'supervisor', area: S1 }] }, later)).token;
    overrideDeps({ clock: { now: () => later } });
    try {
      const res = await invoke(listEnterprises, { token, query: { area: S1, due: 'true', limit: '100' } });
      expect(res.body.enterprises).toHaveLength(47);
      expect(res.body.enterprises.every((e: { updateDue: boolean }) => e.updateDue)).toBe(true);
    } finally {
      overrideDeps(real);
    }
  });

  it("defaults to the actor's own area and refuses one outside it", async () => {
    const mine = await invoke(listEnterprises, { token: await as('gw-1') });
    expect(mine.body.enterprises.every((e: { area: string }) => e.area === M1)).toBe(true);
    const other = await invoke(listEnterprises, { token: await as('gw-1'), query: { area: M2 } });
    expect(other.status).toBe(403);
  });

  it('rejects an unknown filter value naming the field', async () => {
    const res = await invoke(listEnterprises, { token: await as('sup-s1'), query: { area: S1, riskClass: 'Z' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.riskClass).toMatch(/^风险等级：/);
  });
});

describe('a file', () => {
  it('shows contact phones in full to the gridworker and masked to a department', async () => {
    const gw = await invoke(getEnterprise, { token: await as('gw-1'), params: { id: 'ent-1' } });
    expect(gw.body.enterprise.contacts[0].phone).toBe('13900000001');
    expect(gw.body.enterprise.editable).not.toContain('guaranteeLeaderId');
    const dept = await invoke(getEnterprise, { token: await as('dept-d'), params: { id: 'ent-1' } });
    expect(dept.body.enterprise.contacts[0].phone).toBe('139****0001');
    expect(dept.body.enterprise.editable).toEqual([]);
    const owner = await invoke(getEnterprise, { token: await as('owner-1'), params: { id: 'ent-1' } });
    expect(owner.body.enterprise.editable).toEqual(['safetyManager', 'contacts', 'employees', 'photos']);
  });

  it("answers 404 for another enterprise's file, to its owner too", async () => {
    expect((await invoke(getEnterprise, { token: await as('owner-1'), params: { id: 'ent-3' } })).status).toBe(404);
    expect((await invoke(getEnterprise, { token: await as('gw-1'), params: { id: 'nope' } })).status).toBe(404);
  });
});

const body = (over: Partial<EnterpriseFields> = {}) => ({
  id: ulid(),
  uscc: uscc(900),
  name: '新开业饭店',
  kind: '个体工商户' as const,
  address: '新华路1号',
  lng: 117.12,
  lat: 36.19,
  area: M1,
  industry: '餐饮' as const,
  riskClass: 'C' as const,
  tags: ['燃气使用' as const],
  status: '在营' as const,
  legalRepresentative: '赵六',
  contacts: [{ name: '赵六', phone: '13600001111' }],
  employees: 6,
  ...over,
});

describe('adding a business found in the grid', () => {
  it('creates it once with a history entry, whatever the retries', async () => {
    const token = await as('gw-1');
    const b = body();
    const before = (await snapshot()).length;
    const first = await invoke(createEnterprise, { method: 'POST', token, body: b });
    const again = await invoke(createEnterprise, { method: 'POST', token, body: b });
    expect(first.status).toBe(200);
    expect(again.body.enterprise).toEqual(first.body.enterprise);
    expect((await snapshot()).length).toBe(before + 3); // the file, its key, its history entry
    expect(first.body.history).toEqual([expect.objectContaining({ kind: 'create', byName: '网格员甲' })]);
    expect(first.body.history[0].changes).toContainEqual({ field: 'name', label: '名称', from: '（空）', to: '新开业饭店' });
    expect(first.body.enterprise.updateDue).toBe(false);
  });

  it('refuses the same credit code twice, and another body under a used id', async () => {
    const token = await as('gw-1');
    const dup = await expectNothingWritten(() => invoke(createEnterprise, { method: 'POST', token, body: body({ name: '另一家' }) }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.fields.uscc).toBe('已登记');
    const b = body({ uscc: uscc(901) });
    await invoke(createEnterprise, { method: 'POST', token, body: b });
    const other = await expectNothingWritten(() => invoke(createEnterprise, { method: 'POST', token, body: { ...b, name: '改了名字' } }));
    expect(other.status).toBe(409);
    expect(other.body.error.fields.id).toBe('编号已被使用');
  });

  it('names the business already registered under a code only to one who may read its file', async () => {
    const mine = await expectNothingWritten(async () => invoke(createEnterprise, { method: 'POST', token: await as('sup-s1'), body: body({ uscc: uscc(1), name: '重复登记' }) }));
    expect(mine.status).toBe(409);
    expect(mine.body.error.message).toContain('测试企业1');
    const theirs = await expectNothingWritten(async () => invoke(createEnterprise, { method: 'POST', token: await as('sup-s2'), body: body({ uscc: uscc(1), name: '重复登记', area: M2 }) }));
    expect(theirs.status).toBe(409);
    expect(theirs.body.error.message).toBe('该企业已在台账中，请勿重复登记');
  });

  it('keeps a credit code on a 企业: an edit may not clear it', async () => {
    const token = await as('sup-s1');
    const file = (await invoke(getEnterprise, { token, params: { id: 'ent-1' } })).body.enterprise;
    const cleared = await expectNothingWritten(() => invoke(updateEnterprise, { method: 'PUT', token, params: { id: 'ent-1' }, body: { version: file.version, changes: { uscc: null } } }));
    expect(cleared.status).toBe(400);
    expect(cleared.body.error.fields.uscc).toMatch(/个体工商户/);
  });

  it('keys a business without a credit code by its name and address', async () => {
    const token = await as('gw-1');
    const { uscc: _none, ...noCode } = body({ name: '老王修车铺', address: '东岳大街 8 号' });
    expect((await invoke(createEnterprise, { method: 'POST', token, body: noCode })).status).toBe(200);
    const again = await invoke(createEnterprise, { method: 'POST', token, body: { ...noCode, id: ulid(), address: '东岳大街8号' } });
    expect(again.status).toBe(409);
  });

  it('validates the credit code, the place and the coordinates, naming each field', async () => {
    const token = await as('gw-1');
    const bad = await expectNothingWritten(() =>
      invoke(createEnterprise, { method: 'POST', token, body: body({ uscc: uscc(902).slice(0, 17) + '0', lng: 0, lat: 117 }) }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toMatchObject({
      uscc: expect.stringMatching(/^统一社会信用代码：.*校验位/),
      lng: '经度：应在73到136之间',
      lat: '纬度：应在3到54之间',
    });
    const grid = await expectNothingWritten(async () => invoke(createEnterprise, { method: 'POST', token: await as('sup-s1'), body: body({ uscc: uscc(903), area: S1 }) }));
    expect(grid.body.error.fields.area).toBe('请选择网格或微网格');
    const elsewhere = await expectNothingWritten(() => invoke(createEnterprise, { method: 'POST', token, body: body({ uscc: uscc(904), area: G1 }) }));
    expect(elsewhere.status).toBe(403);
  });

  it('leaves naming a guarantee leader to supervisors', async () => {
    const res = await expectNothingWritten(async () =>
      invoke(createEnterprise, { method: 'POST', token: await as('gw-1'), body: body({ uscc: uscc(905), guaranteeLeaderId: 'guar-s1' }) }),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.fields.guaranteeLeaderId).toBeDefined();
  });
});

describe('updating a file', () => {
  const current = async (id: string) => (await invoke(getEnterprise, { token: await as('sup-d'), params: { id } })).body.enterprise;

  it('writes only what changed, with who and old → new on the history', async () => {
    const e = await current('ent-2');
    const res = await invoke(updateEnterprise, {
      method: 'PUT',
      token: await as('gw-1'),
      params: { id: 'ent-2' },
      body: { version: e.version, changes: { riskClass: 'A', employees: e.employees, tags: ['有限空间'] } },
    });
    expect(res.status).toBe(200);
    expect(res.body.enterprise).toMatchObject({ riskClass: 'A', tags: ['有限空间'], version: e.version + 1 });
    expect(res.body.history[0]).toMatchObject({
      kind: 'update',
      byId: 'gw-1',
      changes: [
        { field: 'riskClass', label: ENTERPRISE_FIELD_LABELS.riskClass, from: 'B', to: 'A' },
        { field: 'tags', label: '特殊标签', from: '（空）', to: '有限空间' },
      ],
    });
  });

  it('answers 409 for an edit started from an old version, writing nothing', async () => {
    const e = await current('ent-2');
    const res = await expectNothingWritten(async () =>
      invoke(updateEnterprise, { method: 'PUT', token: await as('gw-1'), params: { id: 'ent-2' }, body: { version: e.version - 1, changes: { employees: 1 } } }),
    );
    expect(res.status).toBe(409);
  });

  it('lets the owner correct contacts but not the risk class', async () => {
    const e = await current('ent-1');
    const token = await as('owner-1');
    const refused = await expectNothingWritten(() =>
      invoke(updateEnterprise, { method: 'PUT', token, params: { id: 'ent-1' }, body: { version: e.version, changes: { riskClass: 'D', employees: 30 } } }),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.fields).toEqual({ riskClass: '请联系网格员修改此项' });
    const ok = await invoke(updateEnterprise, {
      method: 'PUT',
      token,
      params: { id: 'ent-1' },
      body: { version: e.version, changes: { safetyManager: { name: '孙七', phone: '13512345678', title: '安全管理员' } } },
    });
    expect(ok.status).toBe(200);
    // An owner's correction is not the gridworker's monthly check.
    expect(ok.body.enterprise.verifiedAt).toBe(e.verifiedAt);
  });

  it("records the gridworker's on-site check as the monthly update", async () => {
    const e = await current('ent-1');
    const res = await invoke(updateEnterprise, { method: 'PUT', token: await as('gw-1'), params: { id: 'ent-1' }, body: { version: e.version, changes: {}, verified: true } });
    expect(res.status).toBe(200);
    expect(res.body.enterprise.verifiedAt > e.verifiedAt).toBe(true);
    expect(res.body.history[0]).toMatchObject({ kind: 'verify', changes: [] });
  });

  it('writes nothing when nothing changed', async () => {
    const e = await current('ent-1');
    const res = await expectNothingWritten(async () =>
      invoke(updateEnterprise, { method: 'PUT', token: await as('gw-1'), params: { id: 'ent-1' }, body: { version: e.version, changes: { employees: e.employees } } }),
    );
    expect(res.status).toBe(200);
  });

  it('clears an optional field sent as null, and refuses null for a required one', async () => {
    const token = await as('sup-s1');
    const e = await current('ent-11');
    expect(e.guaranteeLeaderId).toBe('guar-s1');
    const res = await invoke(updateEnterprise, { method: 'PUT', token, params: { id: 'ent-11' }, body: { version: e.version, changes: { guaranteeLeaderId: null } } });
    expect(res.status).toBe(200);
    expect(res.body.enterprise.guaranteeLeaderId).toBeUndefined();
    expect(res.body.history[0].changes).toEqual([{ field: 'guaranteeLeaderId', label: '包保责任人', from: 'guar-s1', to: '（空）' }]);
    const led = await invoke(listEnterprises, { token, query: { area: S1, guaranteeLeaderId: 'guar-s1', limit: '100' } });
    expect(ids(led)).not.toContain('ent-11');
    const required = await expectNothingWritten(() =>
      invoke(updateEnterprise, { method: 'PUT', token, params: { id: 'ent-11' }, body: { version: e.version + 1, changes: { name: null } } }),
    );
    expect(required.status).toBe(400);
    expect(required.body.error.fields['changes.name']).toMatch(/^名称：/);
  });

  it('moves the credit-code key with the code, freeing the old one', async () => {
    const token = await as('sup-s1');
    const e = await current('ent-10');
    const res = await invoke(updateEnterprise, { method: 'PUT', token, params: { id: 'ent-10' }, body: { version: e.version, changes: { uscc: uscc(950) } } });
    expect(res.status).toBe(200);
    const reuse = await invoke(createEnterprise, { method: 'POST', token, body: body({ uscc: uscc(10), name: '接手的企业' }) });
    expect(reuse.status).toBe(200);
  });
});

describe('a census row', () => {
  const actor = { userId: 'sup-s1', grants: [{ role: 'supervisor' as const, area: S1 }] };
  const { id: _id, ...row } = body({ uscc: uscc(960), name: '普查新企业' });

  it('creates, then updates only what changed, then does nothing', async () => {
    const at = new Date().toISOString();
    expect(await importEnterpriseRow(deps(), actor, row, at)).toBe('created');
    expect(await importEnterpriseRow(deps(), actor, { ...row, employees: 99 }, at)).toBe('updated');
    const before = await snapshot();
    expect(await importEnterpriseRow(deps(), actor, { ...row, employees: 99 }, at)).toBe('unchanged');
    expect(await snapshot()).toEqual(before);
  });

  it('is refused outside the importer’s area', async () => {
    await expect(importEnterpriseRow(deps(), actor, { ...row, uscc: uscc(961), area: M2 }, new Date().toISOString())).rejects.toMatchObject({
      code: 'FORBIDDEN',
      fields: { area: expect.any(String) },
    });
  });
});

describe('photos of the premises and licences', () => {
  const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('photo-bytes')]);

  async function upload(token: string, id: string, contentType = 'image/jpeg', bytes = JPEG) {
    const res = await invoke(createPhotoUpload, { method: 'POST', token, params: { id }, body: { contentType, size: bytes.length } });
    expect(res.status).toBe(200);
    expect(await postUpload(res.body, bytes)).toBe(204);
    return res.body.key as string;
  }

  it('goes straight to storage under the file, then joins the file with a download URL', async () => {
    const token = await as('gw-1');
    const key = await upload(token, 'ent-1');
    expect(key).toMatch(/^photos\/ent-1\/[0-9A-Z]{26}\.jpg$/);
    const e = (await invoke(getEnterprise, { token, params: { id: 'ent-1' } })).body.enterprise;
    const res = await invoke(updateEnterprise, { method: 'PUT', token, params: { id: 'ent-1' }, body: { version: e.version, changes: { photos: [{ key, kind: '门头照片' }] } } });
    expect(res.status).toBe(200);
    expect(res.body.enterprise.photos).toEqual([{ key, kind: '门头照片', url: expect.stringContaining(key) }]);
    expect(Buffer.from(await (await fetch(res.body.enterprise.photos[0].url)).arrayBuffer())).toEqual(JPEG);
    expect(res.body.history[0].changes).toEqual([{ field: 'photos', label: '照片', from: '（空）', to: '门头照片' }]);
  });

  it("refuses a photo that was never uploaded, or one of another file's", async () => {
    const token = await as('gw-1');
    const other = await upload(token, 'ent-2');
    const e = (await invoke(getEnterprise, { token, params: { id: 'ent-1' } })).body.enterprise;
    for (const key of ['photos/ent-1/01J00000000000000000000000.jpg', other]) {
      const res = await expectNothingWritten(() =>
        invoke(updateEnterprise, { method: 'PUT', token, params: { id: 'ent-1' }, body: { version: e.version, changes: { photos: [...e.photos.map(({ key: k, kind }: { key: string; kind: string }) => ({ key: k, kind })), { key, kind: '营业执照' }] } } }),
      );
      expect(res.status).toBe(400);
      expect(Object.values(res.body.error.fields)).toEqual(['照片未上传成功，请重新上传']);
    }
  });

  it('takes images only, of at most 10 MB, naming the field', async () => {
    const token = await as('owner-1');
    const gif = await invoke(createPhotoUpload, { method: 'POST', token, params: { id: 'ent-1' }, body: { contentType: 'image/gif', size: 10 } });
    expect(gif.status).toBe(400);
    expect(gif.body.error.fields.contentType).toBe('文件类型：只能上传 JPG、PNG 或 WebP 图片');
    const big = await invoke(createPhotoUpload, { method: 'POST', token, params: { id: 'ent-1' }, body: { contentType: 'image/png', size: 11 * 1024 * 1024 } });
    expect(big.body.error.fields.size).toBe('文件大小：图片不能超过 10 MB');
  });
});
