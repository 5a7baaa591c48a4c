/**
 * Anonymity towards the enterprise, as a property: random anonymous reports by the enterprise's
 * own workers and by the public, some confirmed into the owner's work, then everything the owner
 * can read of them (each detail, the enterprise's hazard list, the work queue and the export read
 * back) is walked. Rules (black-box testing found both broken):
 * - to the enterprise an anonymous worker's report looks like the public's: source and label alike;
 * - nothing the owner reads links two reports to one reporter: no reporter's id, name or phone, and
 *   no token (an id, a key's tag) shared by two reports that is not shared by every report.
 */
import fc from 'fast-check';
import { ulid } from 'ulid';
import { handler as exportHazards } from '../src/handlers/exportHazards';
import { handler as getHazard } from '../src/handlers/getHazard';
import { handler as hazardQueue } from '../src/handlers/hazardQueue';
import { handler as listHazards } from '../src/handlers/listHazards';
import { handler as moveHazard } from '../src/handlers/moveHazard';
import { handler as reportHazard } from '../src/handlers/reportHazard';
import { readFirstSheet } from '../src/lib/xlsx';
import { bufferSource } from '../src/lib/xlsx-zip';
import { handler as createHazardPhotoUpload } from '../src/handlers/createHazardPhotoUpload';
import { PHOTO, inDays, move } from './hazard-support';
import { deps } from '../src/deps';
import { getUser } from '../src/repos/users';
import { newReporter, reporterToken } from './reward-support';
import { invoke, postUpload, setupTable, tokenFor, userById } from './support';

jest.setTimeout(300_000);
beforeAll(() => setupTable(), 60_000);

const owner = async () => tokenFor(userById('owner-1'));

/** Every string in a response, URLs without their query (the signature's parameters are the server's, the same for any uploader). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(/^https?:/.test(value) ? value.split('?')[0]! : value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}
/**
 * Every 16-character stretch of the ASCII runs (ids, keys, their tags, hashes) that holds a digit,
 * so the words of states and moves do not count, nor does text the reporter wrote (theirs to give
 * away). A shared stretch is a shared id or tag, even inside a longer name.
 */
const WINDOW = 16;
function tokens(value: unknown): Set<string> {
  const out = new Set<string>();
  for (const run of strings(value).flatMap((s) => s.match(/[A-Za-z0-9]{16,}/g) ?? [])) {
    for (let i = 0; i + WINDOW <= run.length; i++) {
      const w = run.slice(i, i + WINDOW);
      if (/\d/.test(w)) out.add(w);
    }
  }
  return out;
}

/** Everything the owner can read of these hazards, per hazard. */
async function ownerViews(ids: string[]): Promise<Map<string, unknown[]>> {
  const t = await owner();
  const views = new Map<string, unknown[]>(ids.map((id) => [id, []]));
  const add = (h: { id: string }) => views.get(h.id)?.push(h);
  for (const id of ids) {
    const res = await invoke(getHazard, { token: t, params: { id } });
    expect(res.status).toBe(200);
    views.get(id)!.push(res.body);
  }
  let cursor: string | undefined;
  do {
    const res = await invoke(listHazards, { token: t, query: { enterpriseId: 'ent-1', limit: '100', ...(cursor ? { cursor } : {}) } });
    expect(res.status).toBe(200);
    res.body.hazards.forEach(add);
    cursor = res.body.cursor;
  } while (cursor);
  const queue = await invoke(hazardQueue, { token: t });
  for (const g of queue.body.groups) g.hazards.forEach(add);
  const exported = await invoke(exportHazards, { method: 'POST', token: t, body: { enterpriseId: 'ent-1' } });
  expect(exported.status).toBe(200);
  const bytes = Buffer.from(await (await fetch(exported.body.url)).arrayBuffer());
  for await (const row of readFirstSheet(bufferSource(bytes))) views.get(String(row.cells[0]))?.push(row.cells);
  return views;
}

/** A photo uploaded as the reporter's phone does it. */
async function uploadPhoto(reporter: string): Promise<string> {
  const res = await invoke(createHazardPhotoUpload, { method: 'POST', token: await reporterToken(reporter), body: { contentType: 'image/jpeg', size: PHOTO.length } });
  expect(await postUpload(res.body, PHOTO, 'photo')).toBe(204);
  return res.body.key;
}

const reporters: Record<'worker' | 'public', string[]> = { worker: [], public: [] };

beforeAll(async () => {
  for (let i = 0; i < 2; i++) reporters.worker.push(await newReporter('worker'));
  for (let i = 0; i < 2; i++) reporters.public.push(await newReporter('public'));
  // The fixture's own worker and public user, who signed in and reported before.
  reporters.worker.push('worker-1');
  reporters.public.push('pub-1');
});

const report = fc.record({ kind: fc.constantFrom<'worker' | 'public'>('worker', 'public'), who: fc.nat(2), confirm: fc.boolean(), photos: fc.integer({ min: 1, max: 3 }), note: fc.boolean() });

it('an owner can tell neither who reported nor that two anonymous reports share a reporter', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(report, { minLength: 3, maxLength: 5 }), async (plays) => {
      const made: { id: string; reporter: string; kind: string }[] = [];
      for (const play of plays) {
        const reporter = reporters[play.kind][play.who]!;
        const photos: string[] = [];
        for (let i = 0; i < play.photos; i++) photos.push(await uploadPhoto(reporter));
        const body = { id: ulid(), description: `后门消防通道堵塞，编号${ulid().slice(-6)}`, category: '消防安全', photos, lng: 117.1001, lat: 36.2001, anonymous: true, enterpriseId: 'ent-1' };
        const res = await invoke(reportHazard, { method: 'POST', token: await reporterToken(reporter), body });
        expect(res.status).toBe(200);
        if (play.kind === 'worker') expect(res.body.hazard.source).toBe('worker');
        if (play.confirm) expect((await move('gw-1', body.id, { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(7) })).status).toBe(200);
        // The reporter's 补充说明, with a photo: the owner reads it, never who added it.
        if (play.note) {
          const version = (await invoke(getHazard, { token: await reporterToken(reporter), params: { id: body.id } })).body.hazard.version;
          const note = { action: 'addNote', note: '补充：夜间仍堵塞', photos: [await uploadPhoto(reporter)] };
          expect((await invoke(moveHazard, { method: 'POST', token: await reporterToken(reporter), params: { id: body.id }, body: { version, move: note } })).status).toBe(200);
        }
        made.push({ id: body.id, reporter, kind: play.kind });
      }
      const views = await ownerViews(made.map((m) => m.id));

      for (const m of made) {
        const seen = views.get(m.id)!;
        const text = JSON.stringify(seen);
        const user = (await getUser(deps().db, m.reporter))!;
        for (const secret of [m.reporter, user.name, user.phone, user.openid].filter((s): s is string => Boolean(s))) {
          expect(text).not.toContain(secret);
        }
        expect(text).not.toMatch(/员工内部报告|"worker"/);
      }
      // A token two reports share must be shared by all (the enterprise's own id, the bucket): then it links nobody.
      const tokenSets = made.map((m) => tokens(views.get(m.id)));
      const common = tokenSets.reduce((a, b) => new Set([...a].filter((t) => b.has(t))));
      for (let i = 0; i < made.length; i++) {
        for (let j = i + 1; j < made.length; j++) {
          const shared = [...tokenSets[i]!].filter((t) => tokenSets[j]!.has(t) && !common.has(t));
          expect({ pair: [made[i]!.reporter === made[j]!.reporter ? 'same reporter' : 'different', shared] }).toEqual({ pair: [expect.any(String), []] });
        }
      }
    }),
    { numRuns: 5, seed: 20_261_207 },
  );
});

it('officials over the hazard still see a worker’s report as one', async () => {
  const reporter = reporters.worker[0]!;
  const body = { id: ulid(), description: '配电箱门未关闭，线路裸露', category: '用电安全', photos: [await uploadPhoto(reporter)], lng: 117.1001, lat: 36.2001, anonymous: true, enterpriseId: 'ent-1' };
  await invoke(reportHazard, { method: 'POST', token: await reporterToken(reporter), body });
  for (const official of ['gw-1', 'sup-s1']) {
    const res = await invoke(getHazard, { token: await tokenFor(userById(official)), params: { id: body.id } });
    expect(res.body.hazard).toMatchObject({ source: 'worker', sourceLabel: '员工内部报告' });
  }
});
