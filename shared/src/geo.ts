/** Distance in metres between two points (haversine; the ground is a sphere at this scale). */
export function distanceM(a: { lng?: number; lat?: number }, b: { lng?: number; lat?: number }): number {
  const rad = Math.PI / 180;
  const dLat = ((b.lat ?? 0) - (a.lat ?? 0)) * rad;
  const dLng = ((b.lng ?? 0) - (a.lng ?? 0)) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos((a.lat ?? 0) * rad) * Math.cos((b.lat ?? 0) * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}
