import { ulid } from 'ulid';

/** A new ULID; the mini-program runtime has no `crypto`, so fall back to Math.random there. */
export function newId(): string {
  const c = (globalThis as { crypto?: { getRandomValues?: unknown } }).crypto;
  return typeof c?.getRandomValues === 'function' ? ulid() : ulid(undefined, Math.random);
}
