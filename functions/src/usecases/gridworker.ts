import { areasOf, dueCutoff, selfAndAncestors, type Actor, type GridSummary, type GridworkerHomeResponse } from '@safegrid/shared';
import type { Deps } from '../deps';
import { getArea, listChildren } from '../repos/areas';
import { countLedger } from '../repos/enterprises';
import { getUser } from '../repos/users';

/** The gridworker's home: each grid they hold, its community, micro-grids, how many businesses it has and how many are due for their monthly update. */
export async function gridworkerHome(d: Deps, actor: Actor): Promise<GridworkerHomeResponse> {
  const user = await getUser(d.db, actor.userId);
  const paths = [...new Set(areasOf(actor, 'gridworker'))];
  const grids = await Promise.all(
    paths.map(async (path): Promise<GridSummary | undefined> => {
      const area = await getArea(d.db, path);
      if (!area) return undefined;
      const [ancestors, children, enterpriseCount, dueCount] = await Promise.all([
        Promise.all(selfAndAncestors(path).slice(0, -1).map((p) => getArea(d.db, p))),
        area.level === 'grid' ? listChildren(d.db, path) : Promise.resolve([]),
        countLedger(d.db, { area: path }),
        countLedger(d.db, { area: path, verifiedBefore: dueCutoff(d.clock.now()) }),
      ]);
      const community = ancestors.find((a) => a?.level === 'community');
      return {
        path,
        name: area.name,
        level: area.level,
        ...(community ? { communityName: community.name } : {}),
        enterpriseCount,
        dueCount,
        microgrids: children.map((c) => ({ path: c.path, name: c.name })),
      };
    }),
  );
  return {
    ...(user?.gridworkerLevel ? { level: user.gridworkerLevel } : {}),
    grids: grids.filter((g): g is GridSummary => Boolean(g)),
  };
}
