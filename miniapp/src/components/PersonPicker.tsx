import type { Role, UserView } from '@safegrid/shared';
import { call } from '../api/client';
import { Picker, type Found, type FoundPage, type Picked } from './Picker';

/** Pages of people read per search at most before offering 继续查找 (the API filters after each page's limit). */
const PAGES_PER_SEARCH = 5;
const ENOUGH = 10;

/** A person as a cell: the masked phone and what they do where, so two of one name are told apart. */
export function personCell(u: UserView): Found {
  const roles = u.grants.map((g) => [g.roleLabel, g.areaName ?? g.enterpriseName].filter(Boolean).join('·'));
  return { id: u.id, name: u.name, description: [u.phone, ...roles].filter(Boolean).join(' · ') };
}

/**
 * Choose a person under `area` (GET /users, admins and supervisors): by part of their name or the
 * last 4 digits of their phone, optionally only those holding `role`. Phones come back masked.
 */
export function PersonPicker({
  label,
  area,
  role,
  value,
  onChange,
  error,
  name = 'personQ',
  clearable,
}: {
  label: string;
  area: string;
  role?: Role;
  value?: Picked;
  onChange: (value: Picked | undefined) => void;
  error?: string;
  name?: string;
  clearable?: boolean;
}) {
  const search = async (q: string, cursor?: string): Promise<FoundPage> => {
    const items: Found[] = [];
    let next = cursor;
    for (let i = 0; i < PAGES_PER_SEARCH; i++) {
      const res = await call('listUsers', { query: { area, limit: 100, ...(role ? { role } : {}), ...(q ? { q } : {}), ...(next ? { cursor: next } : {}) } });
      items.push(...res.users.map(personCell));
      next = res.cursor;
      if (!next || items.length >= ENOUGH) break;
    }
    return { items, ...(next ? { cursor: next } : {}) };
  };
  return (
    <Picker
      label={label}
      name={name}
      placeholder="姓名，或手机号后4位"
      search={search}
      value={value}
      onChange={onChange}
      error={error}
      clearable={clearable}
    />
  );
}
