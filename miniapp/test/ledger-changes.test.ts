import { changesOf, formOf } from '../src/packageLedger/lib';
import { view } from './ledger-fixtures';

describe('changesOf: what an edit sends', () => {
  const fields = ['name', 'safetyManager', 'employees'] as const;

  it('sends only what differs from the file', () => {
    const file = view();
    const form = { ...formOf(file), employees: String(file.employees + 1) };
    expect(changesOf(form, file, fields)).toEqual({ employees: file.employees + 1 });
  });

  it('clears an emptied safety manager with null, but never a required field', () => {
    const file = view();
    const form = { ...formOf(file), safetyManager: { name: '', phone: '', title: '' }, name: '' };
    expect(changesOf(form, file, fields)).toEqual({ safetyManager: null, name: '' });
  });
});
