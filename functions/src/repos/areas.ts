import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Area } from '@safegrid/shared';
import type { Entities } from './entities';

export async function getArea(db: Entities, path: string): Promise<Area | undefined> {
  const { Item } = await db.areas.build(GetItemCommand).key({ path }).send();
  return Item;
}

/** Children of an area in code order; `undefined` parent lists the roots (districts). */
export async function listChildren(db: Entities, parent: string | undefined): Promise<Area[]> {
  const areas: Area[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.table
      .build(QueryCommand)
      .entities(db.areas)
      .query({ index: 'gsi1', partition: `CHILDREN#${parent ?? 'ROOT'}` })
      .options({ exclusiveStartKey })
      .send();
    areas.push(...(page.Items ?? []));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return areas;
}
