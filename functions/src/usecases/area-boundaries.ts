/**
 * An admin keeps the area tree: renames an area, sets or replaces its
 * boundary, deactivates it (refused while anything still lives in it) or makes it active again,
 * and imports a street's boundaries at once from a GeoJSON FeatureCollection uploaded to storage.
 * Every change is an UpdateItem of only the attributes it changes (never a Put of a stale read, so
 * a gridworker assigned meanwhile stays), and forgets this container's cached areas, so a point is
 * located by the new boundary here at once.
 */
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { $remove, $set } from 'dynamodb-toolbox/entity/actions/update/symbols';
import {
  BOUNDARY_FILE_TYPE,
  DomainError,
  MAX_BOUNDARY_FILE_BYTES,
  OPEN_STATES,
  areasOf,
  canReachArea,
  districtOf,
  featureLabel,
  matchFeatures,
  outsideParent,
  readFeatureCollection,
  withBoundary,
  type Actor,
  type Area,
  type Boundary,
  type ImportBoundariesBody,
  type ImportBoundariesResponse,
  type ImportedFeature,
  type UpdateAreaBody,
} from '@safegrid/shared';
import type * as z from 'zod';
import type { Deps } from '../deps';
import { getArea, listChildren } from '../repos/areas';
import { queryAll, queryPages } from '../repos/query-all';
import { subtreePrefix } from '../repos/table';
import { placed, view } from './areas';
import { forgetAreas } from './locate';
import { spend } from './rate-limits';
import { requireArea } from './scope-checks';
import { presignedUpload } from './uploads';

const KEEPERS = ['admin'] as const;

/** Writes only the attributes given, on an area that exists. */
async function patch(d: Deps, path: string, changes: { name?: string; boundary?: Boundary; deactivatedAt?: string | null }) {
  const placedAt = changes.boundary ? withBoundary(changes.boundary) : undefined;
  await d.db.areas
    .build(UpdateItemCommand)
    .item({
      path,
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(placedAt ? { boundary: $set(placedAt.boundary), bbox: $set(placedAt.bbox), lng: placedAt.lng, lat: placedAt.lat } : {}),
      ...(changes.deactivatedAt === null ? { deactivatedAt: $remove() } : changes.deactivatedAt ? { deactivatedAt: changes.deactivatedAt } : {}),
    } as never)
    .options({ condition: { attr: 'path', exists: true } })
    .send();
}

/** What still lives in an area, which deactivating it would strand: active child areas, businesses on file, open hazards. */
async function occupants(d: Deps, area: Area): Promise<{ field: string; message: string } | undefined> {
  const children = (await listChildren(d.db, area.path)).filter((c) => !c.deactivatedAt);
  if (children.length) {
    const names = children.slice(0, 3).map((c) => c.name).join('、');
    return { field: 'active', message: `请先停用其下级区域（${names}${children.length > 3 ? ` 等 ${children.length} 个` : ''}）` };
  }
  const district = districtOf(area.path);
  const files = await queryPages(d.db.table, d.db.enterprises, { index: 'gsi1', partition: `ENTS#${district}`, range: { beginsWith: subtreePrefix(area.path) } }, { attributes: ['id', 'status'] });
  const onFile = (files.items as { status?: string }[]).filter((e) => e.status !== '注销').length;
  if (onFile) return { field: 'active', message: `该区域还有 ${onFile} 家企业，请先将企业迁至其他网格（或注销）后再停用` };
  const open = await Promise.all(
    OPEN_STATES.map((state) => queryPages(d.db.table, d.db.hazards, { index: 'gsi2', partition: `HAZST#${district}#${state}`, range: { beginsWith: subtreePrefix(area.path) } }, { attributes: ['id'] })),
  );
  const openCount = open.reduce((n, p) => n + p.items.length, 0);
  if (openCount) return { field: 'active', message: `该区域还有 ${openCount} 条未办结的隐患，请办结后再停用` };
  return undefined;
}

/**
 * Rename, set the boundary, deactivate or reactivate. Deactivating is refused while the area has
 * active child areas, businesses on file (not 注销) or open hazards: they would be left in an area
 * nobody is offered; an admin cannot deactivate the area of their own grant (only areas under it).
 * Reactivating needs an active parent. The boundary must lie within the parent's.
 */
export async function updateArea(d: Deps, actor: Actor, body: z.infer<typeof UpdateAreaBody>) {
  const area = await requireArea(d, actor, body.path, [...KEEPERS], 'path');
  const parent = area.parent ? await getArea(d.db, area.parent) : undefined;
  let deactivatedAt: string | null | undefined;
  if (body.active === false && !area.deactivatedAt) {
    if (!area.parent || !canReachArea(actor, area.parent, ...KEEPERS)) {
      throw new DomainError('FORBIDDEN', '只能停用您管辖范围以内的下级区域', { active: '不能停用您管辖的顶级区域' });
    }
    const blocked = await occupants(d, area);
    if (blocked) throw new DomainError('CONFLICT', `不能停用“${area.name}”：${blocked.message}`, { [blocked.field]: blocked.message });
    deactivatedAt = d.clock.now().toISOString();
  } else if (body.active === true && area.deactivatedAt) {
    if (parent?.deactivatedAt) throw new DomainError('VALIDATION_FAILED', `上级区域“${parent.name}”已停用，请先启用上级区域`, { active: '上级区域已停用' });
    deactivatedAt = null;
  }
  if (body.boundary) placed(body.boundary, parent);
  const changes = {
    ...(body.name !== undefined && body.name !== area.name ? { name: body.name } : {}),
    ...(body.boundary ? { boundary: body.boundary } : {}),
    ...(deactivatedAt !== undefined ? { deactivatedAt } : {}),
  };
  if (Object.keys(changes).length === 0) return view(d, area);
  await patch(d, area.path, changes);
  forgetAreas();
  return view(d, (await getArea(d.db, area.path))!);
}

// ---- import

const boundaryPrefix = (userId: string) => `boundaries/${userId}/`;

/** A presigned POST for one GeoJSON file under the admin's own prefix (createUpload, purpose 'boundary-import'). */
export async function createBoundaryUpload(d: Deps, actor: Actor) {
  if (areasOf(actor, ...KEEPERS).length === 0) throw new DomainError('FORBIDDEN', '只有管理员可以导入区域边界');
  await spend(d, actor.userId, 'upload');
  return presignedUpload(d, `${boundaryPrefix(actor.userId)}${d.ids.next()}.geojson`, BOUNDARY_FILE_TYPE, MAX_BOUNDARY_FILE_BYTES);
}

const reportOf = (f: { feature: number; path?: string; code?: string; name?: string }, extra: Partial<ImportedFeature> = {}): ImportedFeature => ({ feature: f.feature, label: featureLabel(f), ...extra });

/**
 * A street's (or any area's) boundaries from one GeoJSON FeatureCollection: each feature is matched
 * to the area or one of the areas under it by `properties.path`, `code` or `name`; all or nothing per
 * file — any invalid feature (a bad polygon, an ambiguous or repeated match, one outside the area)
 * and nothing is written, the report says what to fix; features that name no area there are
 * reported and skipped. Writing the same file again changes nothing.
 */
export async function importBoundaries(d: Deps, actor: Actor, body: z.infer<typeof ImportBoundariesBody>): Promise<ImportBoundariesResponse> {
  const root = await requireArea(d, actor, body.parent, [...KEEPERS], 'parent');
  const prefix = boundaryPrefix(actor.userId);
  if (!body.key.startsWith(prefix) || body.key.slice(prefix.length).split('/').some((s) => s === '..' || s === '.' || s === '')) {
    throw new DomainError('FORBIDDEN', '只能导入您本人上传的文件', { key: '不是您上传的文件' });
  }
  const size = await d.storage.size(body.key);
  if (size === undefined) throw new DomainError('VALIDATION_FAILED', '上传的文件不存在或已过期，请重新上传', { key: '文件不存在，请重新上传' });
  if (size > MAX_BOUNDARY_FILE_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `文件不能超过 ${MAX_BOUNDARY_FILE_BYTES / 1024 / 1024} MB，请按街道拆分后分别导入`, { key: '文件过大' });
  }
  const bytes = (await d.storage.head(body.key, MAX_BOUNDARY_FILE_BYTES)) ?? Buffer.alloc(0);
  let features;
  try {
    features = readFeatureCollection(bytes.toString('utf8'));
  } catch (error) {
    const message = (error as Error).message;
    throw new DomainError('VALIDATION_FAILED', message, { key: message });
  }

  // The area and everything under it, read fresh (not from the locating cache): what is written is decided on it.
  const district = districtOf(root.path);
  const under = (await queryAll(d.db.table, d.db.areas, { index: 'gsi2', partition: `AREAS#${district}`, range: { beginsWith: root.path } })).filter(
    (a) => a.path === root.path || a.path.startsWith(`${root.path}/`),
  );
  const { matched, unmatched, invalid } = matchFeatures(features, under);
  // The root's boundary as it will be after the import, for the check that the others lie within it.
  const rootBoundary = matched.find((m) => m.area.path === root.path)?.f.boundary ?? root.boundary;
  const inside = matched.filter((m) => {
    const problem = m.area.path === root.path ? undefined : outsideParent(m.f.boundary!, { name: root.name, ...(rootBoundary ? { boundary: rootBoundary } : {}) });
    if (problem) invalid.push({ ...m.f, problem });
    return !problem;
  });
  invalid.sort((a, b) => a.feature - b.feature);

  const report = {
    matched: inside.map((m) => reportOf(m.f, { path: m.area.path, areaName: m.area.name })),
    unmatched: unmatched.map((f) => reportOf(f)),
    invalid: invalid.map((f) => reportOf(f, { reason: f.problem ?? '无法使用' })),
  };
  const skipped = unmatched.length ? `，${unmatched.length} 个要素未对应到“${root.name}”及其下级区域（已跳过）` : '';
  if (invalid.length) {
    return { applied: false, message: `${invalid.length} 个要素有误，未导入任何边界；请按下列原因修改文件后重新导入`, ...report };
  }
  if (inside.length === 0) return { applied: false, message: `没有要素对应到“${root.name}”及其下级区域，未导入任何边界`, ...report };

  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, inside.length) }, async () => {
      while (next < inside.length) {
        const m = inside[next++]!;
        await patch(d, m.area.path, { boundary: m.f.boundary! });
      }
    }),
  );
  forgetAreas();
  return { applied: true, message: `已导入 ${inside.length} 个区域的边界${skipped}`, ...report };
}
