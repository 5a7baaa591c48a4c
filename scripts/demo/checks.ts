/**
 * The demo district's site checks: the three checklists published by the district, and two
 * months of gridworkers' checks played through the use case (each on its day, photos and the
 * representative's signature in storage), so owed visits, coverage and blind spots have
 * something to show. Deterministic for a seed.
 */
import { ulid } from 'ulid';
import { type Actor, type CheckAnswer, type CheckTemplate, templateItems } from '@safegrid/shared';
import type { Deps } from '../../functions/src/deps';
import { publishCheckTemplate, submitCheck } from '../../functions/src/usecases/checks';
import { hazardPhotoKey } from '../../functions/src/usecases/uploads';
import { DEMO_CHECKLISTS } from './checklists';
import { DEMO_SEED, type DemoDistrict, stream } from './generate';
import { placeholderPng, signaturePng } from '../../functions/src/lib/png';

export const DEMO_CHECK_COUNT = 160;
const DAY = 86_400_000;

export async function loadDemoChecks(d: Deps, district: DemoDistrict, now = new Date(), count = DEMO_CHECK_COUNT): Promise<number> {
  const users = new Map(district.users.map((u) => [u.id, u]));
  const actor = (id: string): Actor => ({ userId: id, grants: users.get(id)!.grants });
  const root = district.areas.find((a) => !a.parent)!.path;
  const templates: CheckTemplate[] = [];
  for (const t of DEMO_CHECKLISTS) templates.push((await publishCheckTemplate(d, actor('demo-district'), { ...t, district: root, baseVersion: 0 })).template);
  const gridworkerOf = new Map(district.areas.filter((a) => a.gridworkerId).map((a) => [a.path, a.gridworkerId!]));
  const operating = district.enterprises.filter((e) => e.status === '在营');
  const photo = placeholderPng(150, 150, 150);
  const signature = signaturePng();

  const play = async (i: number) => {
    const rng = stream(DEMO_SEED, `check-${i}`);
    // The demo gridworker's grids get a fair share, so their home shows both done and owed visits.
    const e = i % 4 === 0 ? rng.pick(operating.filter((x) => gridworkerOf.get(x.area) === 'gw-001')) : rng.pick(operating);
    const inspector = gridworkerOf.get(e.area)!;
    const at = now.getTime() - rng.int(1, 60) * DAY - rng.int(1, 8) * 3_600_000;
    const clocked: Deps = { ...d, clock: { now: () => new Date(at) } };
    const put = async (png: Buffer) => {
      const key = hazardPhotoKey(d, inspector, 'png', ulid(at));
      await d.storage.putBuffer(key, png, 'image/png');
      return key;
    };
    const template = templates.find((t) => t.industries.includes(e.industry)) ?? templates[2]!;
    const failing = rng.chance(0.3) ? rng.pick(templateItems(template).filter((x) => x.kind === 'passfail')).id : undefined;
    const answers: CheckAnswer[] = [];
    for (const item of templateItems(template)) {
      if (item.id === failing) {
        const fixed = rng.chance(0.5);
        answers.push({ itemId: item.id, result: 'fail', photos: [await put(photo)], note: '现场检查发现，已告知企业负责人', ...(fixed ? { fixedOnSpot: true, fixPhotos: [await put(photo)] } : {}) });
      } else if (item.kind === 'passfail') answers.push({ itemId: item.id, result: rng.chance(0.1) ? 'na' : 'pass', photos: [] });
      else if (item.kind === 'number') answers.push({ itemId: item.id, value: item.min ?? 0, photos: [] });
      else if (item.kind === 'text') answers.push({ itemId: item.id, result: 'na', photos: [] });
      else answers.push({ itemId: item.id, photos: [await put(photo)] });
    }
    await submitCheck(clocked, actor(inspector), {
      id: ulid(at),
      enterpriseId: e.id,
      kind: rng.chance(0.85) ? 'daily' : 'special',
      templateId: template.id,
      templateVersion: template.version,
      checkIn: { lng: e.lng, lat: e.lat, at: new Date(at).toISOString() },
      answers,
      summary: failing ? '发现问题已现场交办，请企业按期整改' : '检查未发现明显隐患',
      signatureKey: await put(signature),
      signerName: e.legalRepresentative,
    });
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) await play(next++);
    }),
  );
  return count;
}
