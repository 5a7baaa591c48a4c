import { Entity } from 'dynamodb-toolbox/entity';
import { any } from 'dynamodb-toolbox/schema/any';
import { item } from 'dynamodb-toolbox/schema/item';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { BULLETIN_STATES } from '@safegrid/shared';
import type { SafegridTable } from './table';

/**
 * The monthly bulletin (月通报): one per area and month (`BUL#<area>` / `<month>`), so an area's
 * bulletins are one Query, newest month first. A draft is replaced in place under the version it
 * was read at; a published one is never written again (every write is conditioned on `draft`).
 * `snapshot` holds what was generated (figures, ranking, overdue and refused lists) as one value.
 */
export const makeBulletinEntity = (table: SafegridTable) =>
  new Entity({
    timestamps: false,
    name: 'Bulletin',
    table,
    schema: item({
      area: string().key(),
      month: string().key(),
      areaName: string(),
      state: string().enum(...BULLETIN_STATES),
      version: number(),
      generatedAt: string(),
      generatedBy: string(),
      generatedByName: string(),
      publishedAt: string().optional(),
      publishedBy: string().optional(),
      publishedByName: string().optional(),
      snapshot: any(),
    }),
    computeKey: ({ area, month }) => ({ pk: `BUL#${area}`, sk: month }),
  });

export function makeBulletinEntities(table: SafegridTable) {
  return { bulletins: makeBulletinEntity(table) };
}
