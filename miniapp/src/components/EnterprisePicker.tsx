import type { EnterpriseSummary } from '@safegrid/shared';
import { call } from '../api/client';
import { Picker, type Found, type FoundPage, type Picked } from './Picker';

/** An enterprise as a cell: its credit code and address tell two of one name apart. */
export function enterpriseCell(e: EnterpriseSummary): Found {
  return { id: e.id, name: e.name, description: [e.uscc, e.address].filter(Boolean).join(' · ') };
}

const searchUnder =
  (area: string | undefined) =>
  async (q: string, cursor?: string): Promise<FoundPage> => {
    const res = await call('listEnterprises', { query: { limit: 20, ...(area ? { area } : {}), ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) } });
    return { items: res.enterprises.map(enterpriseCell), ...(res.cursor ? { cursor: res.cursor } : {}) };
  };

const PLACEHOLDER = '企业名称，或统一社会信用代码';

/**
 * Choose enterprises from the ledger the caller may read (GET /enterprises, under `area` or the
 * caller's first area): by part of the name or a credit code (its start, or all 18 characters).
 * One, or with `multiple` several.
 */
export function EnterprisePicker(
  props: { label: string; area?: string; error?: string; name?: string } & (
    | { multiple?: false; value?: Picked; onChange: (value: Picked | undefined) => void; clearable?: boolean }
    | { multiple: true; value: Picked[]; onChange: (value: Picked[]) => void; max?: number }
  ),
) {
  const { area, name = 'enterpriseQ', ...rest } = props;
  return <Picker {...rest} name={name} placeholder={PLACEHOLDER} search={searchUnder(area)} />;
}
