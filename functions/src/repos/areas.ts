import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import type { Area } from '@safegrid/shared';
import type { Entities } from './entities';
import { queryAll } from './query-all';

export async function getArea(db: Entities, path: string): Promise<Area | undefined> {
  const { Item } = await db.areas.build(GetItemCommand).key({ path }).send();
  return Item;
}

/** Children of an area in code order; `undefined` parent lists the roots (districts). */
export async function listChildren(db: Entities, parent: string | undefined): Promise<Area[]> {
  return queryAll(db.table, db.areas, { index: 'gsi1', partition: `CHILDREN#${parent ?? 'ROOT'}` });
}
