import { createHash } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import {
  DomainError,
  FULL_PHONE_ROLES,
  LEDGER_READERS,
  areasOf,
  canReachArea,
  canSee,
  districtOf,
  maskPhone,
  selfAndAncestors,
  type Actor,
  type RedLine,
  type RedLineView,
} from '@safegrid/shared';
import type * as z from 'zod';
import type { CreateRedLineBody, ListRedLinesQuery, UpdateRedLineBody } from '@safegrid/shared';
import type { Deps } from '../deps';
import { getEnterprise } from '../repos/enterprises';
import { readableBy } from './ledger';
import { queryAll } from '../repos/query-all';
import { subtreePrefix, underArea } from '../repos/table';
import { requireArea } from './scope-checks';
import { NameCache } from './views';

const KEEPERS = ['supervisor', 'admin'] as const;

async function getRedLine(d: Deps, id: string) {
  const { Item } = await d.db.redLines.build(GetItemCommand).key({ id }).send();
  return Item;
}

/** Red lines stored exactly at an area (prefix `<area>/#`) or anywhere under it (prefix `<area>/`). */
async function redLinesAt(d: Deps, area: string, subtree: boolean): Promise<RedLine[]> {
  return queryAll(d.db.table, d.db.redLines, {
    index: 'gsi1',
    partition: `REDLINES#${districtOf(area)}`,
    range: { beginsWith: subtree ? subtreePrefix(area) : underArea(area, '') },
  });
}

/**
 * A red line as the caller reads it: the enterprises it names only as far as the caller may read
 * each (a gridworker reads a street's red line, not the street's enterprises outside their grid);
 * the owner's phone in full only for those who call people (FULL_PHONE_ROLES), masked for departments and admins.
 */
async function view(actor: Actor, r: RedLine, names: NameCache, fullPhones: boolean): Promise<RedLineView> {
  const named = await Promise.all(r.enterpriseIds.map(async (id) => ({ id, e: await names.enterpriseRecord(id) })));
  const enterprises = named
    .filter(({ e }) => (e ? readableBy(actor, e) : canReachArea(actor, r.area, ...LEDGER_READERS)))
    .map(({ id, e }) => ({ id, name: e?.name ?? '（已注销）' }));
  const areaName = await names.area(r.area);
  return {
    id: r.id,
    area: r.area,
    ...(areaName ? { areaName } : {}),
    title: r.title,
    factors: r.factors,
    enterprises,
    ownerName: r.ownerName,
    ...(r.ownerPhone ? { ownerPhone: fullPhones ? r.ownerPhone : maskPhone(r.ownerPhone) } : {}),
    measures: r.measures,
    version: r.version,
  };
}

/**
 * The red lines that bind an area: those set for it or any area above it (a town's red lines bind
 * its grids), and, for supervisors, also those set below it. An enterprise reads the ones naming it.
 */
export async function listRedLines(d: Deps, actor: Actor, q: z.infer<typeof ListRedLinesQuery>): Promise<RedLineView[]> {
  const names = new NameCache(d.db);
  if (q.enterpriseId) {
    const e = await getEnterprise(d.db, q.enterpriseId);
    if (!e || !readableBy(actor, e)) {
      throw new DomainError('NOT_FOUND', '企业档案不存在或不在您的管辖范围内');
    }
    const binding = (await Promise.all(selfAndAncestors(e.area).map((a) => redLinesAt(d, a, false)))).flat();
    const full = canSee(actor, { area: e.area, enterpriseId: e.id }, ...FULL_PHONE_ROLES);
    return Promise.all(binding.filter((r) => r.enterpriseIds.includes(e.id)).map((r) => view(actor, r, names, full)));
  }
  const area = q.area ?? areasOf(actor, ...LEDGER_READERS)[0];
  if (!area) throw new DomainError('FORBIDDEN', '您的角色不能查看十条红线');
  await requireArea(d, actor, area, LEDGER_READERS);
  const above = await Promise.all(selfAndAncestors(area).slice(0, -1).map((a) => redLinesAt(d, a, false)));
  const below = await redLinesAt(d, area, true);
  const full = canReachArea(actor, area, ...FULL_PHONE_ROLES);
  return Promise.all([...above.flat(), ...below].map((r) => view(actor, r, names, full)));
}

async function checkEnterprises(d: Deps, area: string, ids: string[]) {
  for (const [i, id] of ids.entries()) {
    const e = await getEnterprise(d.db, id);
    if (!e || !(e.area === area || e.area.startsWith(`${area}/`))) {
      throw new DomainError('VALIDATION_FAILED', '涉及的企业须在该区域内', { [`enterpriseIds.${i}`]: '企业不存在或不在该区域内' });
    }
  }
}

const hashOf = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

export async function createRedLine(d: Deps, actor: Actor, body: z.infer<typeof CreateRedLineBody>): Promise<RedLineView> {
  const { id, ...fields } = body;
  await requireArea(d, actor, fields.area, [...KEEPERS]);
  await checkEnterprises(d, fields.area, fields.enterpriseIds);
  const requestHash = hashOf(body);
  const redLine = { id, ...fields, version: 1 };
  try {
    await d.db.redLines.build(PutItemCommand).item({ ...redLine, requestHash }).options({ condition: { attr: 'id', exists: false } }).send();
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    const existing = await getRedLine(d, id);
    if (existing?.requestHash !== requestHash) throw new DomainError('CONFLICT', '该编号已被另一条红线使用，请刷新后重新填写', { id: '编号已被使用' });
  }
  return view(actor, redLine, new NameCache(d.db), canReachArea(actor, redLine.area, ...FULL_PHONE_ROLES));
}

export async function updateRedLine(d: Deps, actor: Actor, id: string, body: z.infer<typeof UpdateRedLineBody>): Promise<RedLineView> {
  const before = await getRedLine(d, id);
  if (!before || !canReachArea(actor, before.area, ...KEEPERS)) throw new DomainError('NOT_FOUND', '红线不存在或不在您的管辖范围内');
  if (before.version !== body.version) throw new DomainError('CONFLICT', '该红线已被他人修改，请刷新后重新编辑', { version: '红线已更新' });
  const after = { ...before, ...body.changes, version: before.version + 1 };
  if (body.changes.area) await requireArea(d, actor, after.area, [...KEEPERS]);
  await checkEnterprises(d, after.area, after.enterpriseIds);
  try {
    await d.db.redLines.build(PutItemCommand).item(after).options({ condition: { attr: 'version', eq: before.version } }).send();
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    throw new DomainError('CONFLICT', '该红线已被他人修改，请刷新后重新编辑', { version: '红线已更新' });
  }
  return view(actor, after, new NameCache(d.db), canReachArea(actor, after.area, ...FULL_PHONE_ROLES));
}
