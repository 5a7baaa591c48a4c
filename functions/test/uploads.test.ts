/**
 * Checking a record's uploads against the local S3: one listing for many keys, HEADs where the
 * listing cannot vouch for a key, and the same answer either way.
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { MAX_PHOTO_BYTES } from '@safegrid/shared';
import { type Deps, deps } from '../src/deps';
import { missingUploads } from '../src/usecases/uploads';
import './support';

const photo = Buffer.from('ffd8ffd9', 'hex');

/** The real storage, its listings and HEADs counted; `page` may cut a listing short as a full prefix would. */
function counted(page?: (listed: { sizes: Map<string, number>; complete: boolean }) => { sizes: Map<string, number>; complete: boolean }) {
  const base = deps();
  const calls = { lists: 0, listed: 0, heads: [] as string[] };
  const storage: Deps['storage'] = Object.assign(Object.create(base.storage), {
    size: (key: string) => (calls.heads.push(key), base.storage.size(key)),
    sizesUnder: async (prefix: string, startAfter?: string) => {
      calls.lists++;
      const listed = await base.storage.sizesUnder(prefix, startAfter);
      calls.listed += listed.sizes.size;
      return page ? page(listed) : listed;
    },
  });
  return { d: { ...base, storage }, calls };
}

const prefix = () => `hazards/t${randomUUID().replace(/-/g, '').slice(0, 19)}/`;
const put = async (key: string, body = photo) => (await deps().storage.putBuffer(key, body, 'image/png'), key);

describe('missingUploads', () => {
  it('sizes many keys with one listing from the smallest on, past older uploads under the prefix', async () => {
    const p = prefix();
    for (let i = 0; i < 5; i++) await put(`${p}${ulid()}.png`); // earlier records' photos
    const keys: string[] = [];
    for (let i = 0; i < 12; i++) keys.push(await put(`${p}${ulid()}.png`));
    const { d, calls } = counted();
    expect(await missingUploads(d, [...keys].reverse(), p)).toEqual(new Set());
    expect(calls).toEqual({ lists: 1, listed: 12, heads: [] });
  });

  it('finds keys missing, too big, outside the prefix or someone else’s, duplicates and all', async () => {
    const p = prefix();
    const other = prefix();
    const present = [await put(`${p}${ulid()}.png`), await put(`${p}${ulid()}.png`)];
    const big = await put(`${p}${ulid()}.png`, Buffer.alloc(MAX_PHOTO_BYTES + 1));
    const atLimit = await put(`${p}${ulid()}.png`, Buffer.alloc(MAX_PHOTO_BYTES));
    const absent = `${p}${ulid()}.png`;
    const theirs = await put(`${other}${ulid()}.png`);
    const outside = `photos/ent-1/${ulid()}.png`;
    const keys = [present[0]!, absent, big, theirs, present[1]!, atLimit, outside, absent, present[0]!];
    const { d, calls } = counted();
    expect(await missingUploads(d, keys, p)).toEqual(new Set([absent, big, theirs, outside]));
    expect(calls.lists).toBe(1);
    expect(calls.heads).toEqual([]);
  });

  it('HEADs the keys a cut-short listing did not reach, with the same answer', async () => {
    const p = prefix();
    const keys: string[] = [];
    for (let i = 0; i < 6; i++) keys.push(await put(`${p}${ulid()}.png`));
    const absent = `${p}${ulid()}.png`;
    // The page stops after three objects, as S3's does after a thousand.
    const { d, calls } = counted(({ sizes }) => ({ sizes: new Map([...sizes].slice(0, 3)), complete: false }));
    expect(await missingUploads(d, [...keys, absent], p)).toEqual(new Set([absent]));
    expect(calls.lists).toBe(1);
    expect(calls.heads.sort()).toEqual([...keys.slice(3), absent].sort());
  });

  it('HEADs a lone key, and a key whose order S3 may see otherwise', async () => {
    const p = prefix();
    const one = await put(`${p}${ulid()}.png`);
    let { d, calls } = counted();
    expect(await missingUploads(d, [one], p)).toEqual(new Set());
    expect(calls).toEqual({ lists: 0, listed: 0, heads: [one] });

    const odd = await put(`${p}照片${ulid()}.png`);
    const two = await put(`${p}${ulid()}.png`);
    ({ d, calls } = counted());
    expect(await missingUploads(d, [one, odd, two, `${p}缺失.png`], p)).toEqual(new Set([`${p}缺失.png`]));
    expect(calls.lists).toBe(1);
    // Found in the listing, a key is sized from it; not found, only a printable-ASCII key is known absent without a HEAD.
    expect(calls.heads).toEqual([`${p}缺失.png`]);
  });
});
