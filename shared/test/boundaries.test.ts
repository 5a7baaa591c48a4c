import fc from 'fast-check';
import {
  BoundarySchema,
  CreateAreaBody,
  MAX_BOUNDARY_POSITIONS,
  UpdateAreaBody,
  bboxOf,
  gcj02ToWgs84,
  interiorPoint,
  locateIn,
  matchFeatures,
  pointSide,
  readFeatureCollection,
  rectangle,
  validate,
  wgs84ToGcj02,
  withBoundary,
  type Boundary,
  type Position,
} from '../src';

const square = rectangle(117, 36, 117.01, 36.01);

describe('point in polygon', () => {
  it('tells inside, on the line (edges and corners) and outside of a rectangle', () => {
    expect(pointSide(square, 117.005, 36.005)).toBe('inside');
    expect(pointSide(square, 117.01, 36.005)).toBe('edge');
    expect(pointSide(square, 117.005, 36)).toBe('edge');
    expect(pointSide(square, 117, 36)).toBe('edge');
    expect(pointSide(square, 117.01, 36.01)).toBe('edge');
    expect(pointSide(square, 117.0100001, 36.005)).toBe('outside');
    expect(pointSide(square, 116.99, 35.99)).toBe('outside');
  });

  it('leaves out a hole, and counts the hole’s line as the line', () => {
    const withHole: Boundary = { type: 'Polygon', coordinates: [square.coordinates[0]!, rectangle(117.004, 36.004, 117.006, 36.006).coordinates[0]!] };
    expect(pointSide(withHole, 117.005, 36.005)).toBe('outside');
    expect(pointSide(withHole, 117.004, 36.005)).toBe('edge');
    expect(pointSide(withHole, 117.002, 36.002)).toBe('inside');
  });

  it('reads every polygon of a MultiPolygon, and a concave one rightly', () => {
    const two: Boundary = { type: 'MultiPolygon', coordinates: [square.coordinates, rectangle(117.02, 36, 117.03, 36.01).coordinates] };
    expect(pointSide(two, 117.025, 36.005)).toBe('inside');
    expect(pointSide(two, 117.015, 36.005)).toBe('outside');
    // An L: the notch at the top right is outside.
    const l: Boundary = { type: 'Polygon', coordinates: [[[117, 36], [117.02, 36], [117.02, 36.01], [117.01, 36.01], [117.01, 36.02], [117, 36.02], [117, 36]]] };
    expect(pointSide(l, 117.015, 36.015)).toBe('outside');
    expect(pointSide(l, 117.005, 36.015)).toBe('inside');
    expect(pointSide(l, 117.015, 36.005)).toBe('inside');
  });

  it('agrees with the exact answer for random rectangles and points, points on the lines included', () => {
    const coord = fc.integer({ min: 0, max: 1000 }).map((i) => 117 + i / 10_000);
    fc.assert(
      fc.property(coord, coord, coord, coord, coord, coord, (a, b, c, e, x, y) => {
        const [w, east] = a < b ? [a, b] : [b, a];
        const [s, n] = c < e ? [c - 81, e - 81] : [e - 81, c - 81];
        fc.pre(east > w && n > s);
        const yy = y - 81;
        const expected = x > w && x < east && yy > s && yy < n ? 'inside' : x >= w && x <= east && yy >= s && yy <= n ? 'edge' : 'outside';
        expect(pointSide(rectangle(w, s, east, n), x, yy)).toBe(expected);
      }),
      { numRuns: 2000, seed: 20 },
    );
  });

  it('agrees with the half-plane test for random convex polygons', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 12 }), fc.double({ min: 0, max: 6.28, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true }), (k, turn, px, py) => {
        const ring: Position[] = Array.from({ length: k }, (_, i) => [117 + Math.cos(turn + (2 * Math.PI * i) / k), 36 + Math.sin(turn + (2 * Math.PI * i) / k)]);
        ring.push(ring[0]!);
        const p: Position = [117 + px, 36 + py];
        const crosses = ring.slice(0, -1).map((a, i) => {
          const b = ring[i + 1]!;
          return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
        });
        fc.pre(crosses.every((c) => Math.abs(c) > 1e-6));
        expect(pointSide({ type: 'Polygon', coordinates: [ring] }, p[0], p[1])).toBe(crosses.every((c) => c > 0) ? 'inside' : 'outside');
      }),
      { numRuns: 2000, seed: 21 },
    );
  });

  it('finds a point inside for a centre, even where the centroid is outside (a C shape)', () => {
    const c: Boundary = { type: 'Polygon', coordinates: [[[117, 36], [117.03, 36], [117.03, 36.01], [117.01, 36.01], [117.01, 36.02], [117.03, 36.02], [117.03, 36.03], [117, 36.03], [117, 36]]] };
    const p = interiorPoint(c);
    expect(pointSide(c, p.lng, p.lat)).toBe('inside');
    expect(withBoundary(square)).toEqual({ boundary: square, bbox: [117, 36, 117.01, 36.01], lng: 117.005, lat: 36.005 });
    expect(bboxOf(c)).toEqual([117, 36, 117.03, 36.03]);
  });
});

describe('which area a point falls in', () => {
  const area = (path: string, b: Boundary, level = 'microgrid', extra = {}) => ({ path, level, boundary: b, bbox: bboxOf(b), ...extra });
  // Four micro-grids meeting at (117.01, 36.01), and their grid.
  const quads = [
    area('d/s/c/g/m1', rectangle(117, 36, 117.01, 36.01)),
    area('d/s/c/g/m2', rectangle(117.01, 36, 117.02, 36.01)),
    area('d/s/c/g/m3', rectangle(117, 36.01, 117.01, 36.02)),
    area('d/s/c/g/m4', rectangle(117.01, 36.01, 117.02, 36.02)),
  ];
  const grid = area('d/s/c/g', rectangle(117, 36, 117.02, 36.03), 'grid');
  const all = [grid, ...quads];

  it('places a point strictly inside in its micro-grid, before the grid around it', () => {
    expect(locateIn(all, 117.015, 36.005)?.path).toBe('d/s/c/g/m2');
  });

  it('sends a point on a shared edge or corner to one area, the same whatever the order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (order) => {
        expect(locateIn(order, 117.01, 36.005)?.path).toBe('d/s/c/g/m1');
        expect(locateIn(order, 117.01, 36.01)?.path).toBe('d/s/c/g/m1');
        expect(locateIn(order, 117.015, 36.01)?.path).toBe('d/s/c/g/m2');
      }),
      { numRuns: 50, seed: 22 },
    );
  });

  it('lets the grid catch what its micro-grids do not cover yet, and says nothing outside every boundary', () => {
    expect(locateIn(all, 117.01, 36.025)?.path).toBe('d/s/c/g');
    expect(locateIn(all, 117.05, 36.005)).toBeUndefined();
  });

  it('skips deactivated areas, areas without a boundary, and areas above grids', () => {
    const m2Off = all.map((a) => (a.path.endsWith('m2') ? { ...a, deactivatedAt: '2026-12-01T00:00:00Z' } : a));
    expect(locateIn(m2Off, 117.015, 36.005)?.path).toBe('d/s/c/g');
    expect(locateIn([{ path: 'd/s/c/g/m9', level: 'microgrid' }], 117.015, 36.005)).toBeUndefined();
    expect(locateIn([area('d/s', rectangle(117, 36, 117.02, 36.03), 'street')], 117.015, 36.005)).toBeUndefined();
  });
});

describe('boundary validation names the field in Chinese', () => {
  const base = { path: '370911/bjp/c01/g01/m1' };
  /** The one message, under `boundary` (or, for a malformed shape, under the part of it that is wrong). */
  const problem = (boundary: unknown) => {
    const r = validate(UpdateAreaBody, { ...base, boundary });
    expect(r.ok).toBe(false);
    if (r.ok) return '';
    expect(Object.keys(r.fields)).toHaveLength(1);
    expect(Object.keys(r.fields)[0]).toMatch(/^boundary/);
    return Object.values(r.fields)[0]!;
  };

  it('accepts a closed ring of GCJ-02 positions', () => {
    expect(validate(UpdateAreaBody, { ...base, boundary: square }).ok).toBe(true);
    expect(validate(CreateAreaBody, { parent: '370911', code: 'g99', name: '新网格', level: 'grid', boundary: square }).ok).toBe(true);
  });

  it('refuses an open ring, too few points, a flat ring, a crossing ring, positions outside China, too many positions', () => {
    expect(problem({ type: 'Polygon', coordinates: [[[117, 36], [117.01, 36], [117.01, 36.01], [117, 36.01]]] })).toBe('边界：外环未闭合：最后一个点应与第一个点相同');
    expect(problem({ type: 'Polygon', coordinates: [[[117, 36], [117.01, 36], [117, 36]]] })).toBe('边界：外环至少需要 3 个不同的点，并以第一个点结束');
    expect(problem({ type: 'Polygon', coordinates: [[[117, 36], [117.01, 36], [117.02, 36], [117, 36]]] })).toBe('边界：外环面积为零（各点在一条直线上）');
    expect(problem({ type: 'Polygon', coordinates: [[[117, 36], [117.01, 36.01], [117.01, 36], [117, 36.01], [117, 36]]] })).toBe('边界：外环的第 1 条边与第 3 条边相交，请按边界走向依次取点');
    expect(problem({ type: 'Polygon', coordinates: [[[36, 117], [36.01, 117], [36.01, 117.01], [36, 117]]] })).toBe('边界：外环第 1 个点 [36, 117] 不在中国境内：应为 GCJ-02 的 [经度, 纬度]');
    const many: Position[] = Array.from({ length: MAX_BOUNDARY_POSITIONS }, (_, i) => [117 + Math.cos(i / 400), 36 + Math.sin(i / 400)]);
    expect(problem({ type: 'MultiPolygon', coordinates: [[[...many, many[0]!]]] })).toBe('边界坐标：最多 2000 个点');
    expect(problem({ type: 'Point', coordinates: [117, 36] })).toMatch(/^边界类型：/);
    expect(problem({ type: 'Polygon', coordinates: [[[117, 36], ['117.01', 36], [117.01, 36.01], [117, 36]]] })).toMatch(/^边界坐标：/);
  });

  it('asks for at least one change when updating', () => {
    const r = validate(UpdateAreaBody, base);
    expect(r).toEqual({ ok: false, fields: { name: '名称：请至少修改名称、边界或启用状态中的一项' } });
  });

  it('schema and problem text agree: BoundarySchema refuses what boundaryProblem names', () => {
    expect(BoundarySchema.safeParse(square).success).toBe(true);
    expect(BoundarySchema.safeParse({ type: 'Polygon', coordinates: [] }).success).toBe(false);
  });
});

describe('WGS-84 → GCJ-02 (the browser build’s positions)', () => {
  it('gives the published reference values', () => {
    // wandergis/coordtransform's README: wgs84togcj02(116.404, 39.915) and gcj02towgs84's forward step.
    const g = wgs84ToGcj02(116.404, 39.915);
    expect(g.lng).toBeCloseTo(116.41024449916938, 9);
    expect(g.lat).toBeCloseTo(39.91640428150164, 9);
  });

  it('moves Taian by about 500 m, inverts to within a millimetre, and leaves places outside China alone', () => {
    const taian = wgs84ToGcj02(117.1, 36.2);
    expect(taian.lng - 117.1).toBeGreaterThan(0.004);
    expect(taian.lng - 117.1).toBeLessThan(0.008);
    fc.assert(
      fc.property(fc.double({ min: 75, max: 134, noNaN: true }), fc.double({ min: 5, max: 52, noNaN: true }), (lng, lat) => {
        const w = gcj02ToWgs84(lng, lat);
        const back = wgs84ToGcj02(w.lng, w.lat);
        expect(Math.abs(back.lng - lng)).toBeLessThan(1e-8);
        expect(Math.abs(back.lat - lat)).toBeLessThan(1e-8);
      }),
      { numRuns: 500, seed: 23 },
    );
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual({ lng: 2.35, lat: 48.85 });
  });
});

describe('reading a GeoJSON FeatureCollection', () => {
  const feature = (properties: object, geometry: unknown) => ({ type: 'Feature', properties, geometry });
  const areas = [
    { path: 'd/s', code: 's', name: '一街道' },
    { path: 'd/s/c1/g1', code: 'g1', name: '第1网格' },
    { path: 'd/s/c1/g1/m1', code: 'm1', name: '第1网格1号微网格' },
    { path: 'd/s/c1/g2/m1', code: 'm1', name: '第2网格1号微网格' },
  ];

  it('matches by path, code or name; reports the unknown, the ambiguous, the repeated and the broken', () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        feature({ path: 'd/s/c1/g1' }, square),
        feature({ name: '第1网格1号微网格' }, { type: 'Polygon', coordinates: [square.coordinates[0]!.map(([x, y]) => [x, y, 12.5])] }),
        feature({ code: 'm1' }, square),
        feature({ name: '不存在的网格' }, square),
        feature({ code: 's' }, { type: 'LineString', coordinates: [[117, 36], [117.01, 36.01]] }),
        feature({ name: '第2网格1号微网格' }, square),
        feature({ name: '第2网格1号微网格' }, square),
        feature({}, square),
      ],
    });
    const features = readFeatureCollection(text);
    // A height is dropped: the second feature is a sound 2-D polygon.
    expect(features[1]!.boundary).toEqual(square);
    const { matched, unmatched, invalid } = matchFeatures(features, areas);
    expect(matched.map((m) => [m.f.feature, m.area.path])).toEqual([
      [1, 'd/s/c1/g1'],
      [2, 'd/s/c1/g1/m1'],
    ]);
    expect(unmatched.map((f) => f.feature)).toEqual([4]);
    expect(invalid.map((f) => [f.feature, f.problem])).toEqual([
      [3, '编码 m1 对应 2 个区域，请改用 name 或 path'],
      [5, '几何类型应为 Polygon 或 MultiPolygon，而不是 LineString'],
      [6, '与其他要素对应同一区域“第2网格1号微网格”'],
      [7, '与其他要素对应同一区域“第2网格1号微网格”'],
      [8, '缺少 properties.code 或 properties.name，无法对应到区域'],
    ]);
  });

  it('refuses a file that is no GeoJSON, in Chinese', () => {
    expect(() => readFeatureCollection('not json')).toThrow('文件不是有效的 JSON，请导出为 GeoJSON（.geojson）后重试');
    expect(() => readFeatureCollection('{"type":"Point","coordinates":[1,2]}')).toThrow('文件不是 GeoJSON 要素集合（FeatureCollection），请检查后重试');
    expect(() => readFeatureCollection('{"type":"FeatureCollection","features":[]}')).toThrow('文件中没有任何要素');
  });
});
