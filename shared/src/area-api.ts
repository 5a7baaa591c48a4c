/**
 * The admin's area routes beyond create: rename, set the boundary,
 * deactivate or reactivate an area (updateArea), and import a street's boundaries at once from a
 * GeoJSON FeatureCollection uploaded to storage (importBoundaries).
 */
import * as z from 'zod';
import { BoundarySchema } from './boundaries';
import { AreaPath, ChineseName } from './schemas';

/** What an admin changes of an area: its name, its boundary, whether it is in use. */
export const UpdateAreaBody = z
  .strictObject({
    path: AreaPath.describe('区域'),
    name: ChineseName.optional(),
    boundary: BoundarySchema.optional(),
    /** false: 停用 (not offered for new records, skipped when locating); true: 启用 again. */
    active: z.boolean().optional().describe('启用状态'),
  })
  .refine((b) => b.name !== undefined || b.boundary !== undefined || b.active !== undefined, { message: '请至少修改名称、边界或启用状态中的一项', path: ['name'] });

/** A FeatureCollection uploaded with createUpload (purpose 'boundary-import'), for an area and the areas under it. */
export const ImportBoundariesBody = z.strictObject({
  parent: AreaPath.describe('导入范围'),
  key: z.string().min(1, '不能为空').max(300, '过长').describe('上传文件'),
});

export const ImportedFeature = z.object({
  /** 1-based position of the feature in the file. */
  feature: z.number().int(),
  /** What the feature called itself (its name, code or path). */
  label: z.string(),
  /** The area it was matched to. */
  path: z.string().optional(),
  areaName: z.string().optional(),
  /** Why it cannot be used (invalid ones). */
  reason: z.string().optional(),
});
export type ImportedFeature = z.infer<typeof ImportedFeature>;
export const ImportBoundariesResponse = z.object({
  /** Whether the matched boundaries were written: all of them, or none when any feature is invalid. */
  applied: z.boolean(),
  message: z.string(),
  matched: z.array(ImportedFeature),
  unmatched: z.array(ImportedFeature),
  invalid: z.array(ImportedFeature),
});
export type ImportBoundariesResponse = z.infer<typeof ImportBoundariesResponse>;
