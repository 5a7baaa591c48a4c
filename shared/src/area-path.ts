/**
 * An area's id is its path from the district down, e.g. `370911/c03/g12/m2`.
 * Scope is a prefix test on whole segments, so `c1` never contains `c10`.
 */
export const AREA_SEPARATOR = '/';

export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(ancestor + AREA_SEPARATOR);
}

export function parentOf(path: string): string | undefined {
  const i = path.lastIndexOf(AREA_SEPARATOR);
  return i < 0 ? undefined : path.slice(0, i);
}

export function childPath(parent: string, code: string): string {
  return parent + AREA_SEPARATOR + code;
}

/** The path and every ancestor, nearest last: `a/b/c` → [`a`, `a/b`, `a/b/c`]. */
export function selfAndAncestors(path: string): string[] {
  const parts = path.split(AREA_SEPARATOR);
  return parts.map((_, i) => parts.slice(0, i + 1).join(AREA_SEPARATOR));
}

export function districtOf(path: string): string {
  return path.split(AREA_SEPARATOR)[0]!;
}

export function depthOf(path: string): number {
  return path.split(AREA_SEPARATOR).length - 1;
}
