import { type Actor, canReachArea, canSee, childPath, depthOf, districtOf, isWithin, parentOf, selfAndAncestors, areasOf, hasRole } from '../src';

describe('area paths', () => {
  it('contain their descendants and themselves, on whole segments only', () => {
    expect(isWithin('370911/c1/g2', '370911/c1')).toBe(true);
    expect(isWithin('370911/c1', '370911/c1')).toBe(true);
    expect(isWithin('370911/c10/g2', '370911/c1')).toBe(false);
    expect(isWithin('370911/c1', '370911/c1/g2')).toBe(false);
    expect(isWithin('370912', '370911')).toBe(false);
  });

  it('know their parent, ancestors, district and depth', () => {
    expect(parentOf('a/b/c')).toBe('a/b');
    expect(parentOf('a')).toBeUndefined();
    expect(selfAndAncestors('a/b/c')).toEqual(['a', 'a/b', 'a/b/c']);
    expect(childPath('a/b', 'c')).toBe('a/b/c');
    expect(districtOf('370911/x/y')).toBe('370911');
    expect(depthOf('370911/x/y')).toBe(2);
  });
});

describe('canSee', () => {
  const street: Actor = { userId: 's', grants: [{ role: 'supervisor', area: 'D/s1' }] };
  const owner: Actor = { userId: 'o', grants: [{ role: 'enterprise_owner', enterpriseId: 'e1' }] };
  const reporter: Actor = { userId: 'r', grants: [{ role: 'public' }] };
  const both: Actor = { userId: 'b', grants: [{ role: 'gridworker', area: 'D/s1/g1' }, { role: 'supervisor', area: 'D/s2' }] };

  it('lets an area role see its subtree and nothing beside it', () => {
    expect(canSee(street, { area: 'D/s1/c1/g1' })).toBe(true);
    expect(canSee(street, { area: 'D/s2/c1' })).toBe(false);
    expect(canSee(street, { area: 'D' })).toBe(false);
  });

  it('lets an enterprise role see only its enterprise', () => {
    expect(canSee(owner, { area: 'D/s1', enterpriseId: 'e1' })).toBe(true);
    expect(canSee(owner, { area: 'D/s1', enterpriseId: 'e2' })).toBe(false);
  });

  it('lets a reporter see only their own records', () => {
    expect(canSee(reporter, { area: 'D/s1', ownerId: 'r' })).toBe(true);
    expect(canSee(reporter, { area: 'D/s1', ownerId: 'x' })).toBe(false);
  });

  it('limits the check to the roles asked for', () => {
    expect(canSee(both, { area: 'D/s2/x' }, 'gridworker')).toBe(false);
    expect(canSee(both, { area: 'D/s2/x' }, 'supervisor')).toBe(true);
    expect(canReachArea(both, 'D/s1/g1', 'gridworker')).toBe(true);
    expect(areasOf(both, 'supervisor')).toEqual(['D/s2']);
    expect(hasRole(both, 'admin')).toBe(false);
  });
});
