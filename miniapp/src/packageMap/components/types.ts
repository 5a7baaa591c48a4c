import type { MapBounds, MapPoint } from '@safegrid/shared';
import type { Shape } from '../lib';

/** What the page hands either renderer: the points of the answer and what to do with a tapped one. */
export interface MapViewProps {
  points: MapPoint[];
  bounds?: MapBounds;
  /** The point whose card is open (drawn larger). */
  selected?: string;
  onPick: (point: MapPoint) => void;
  /** Area boundaries drawn under the points (the H5 box has no tiles: these are its base map), and a boundary being drawn. */
  shapes?: Shape[];
  /** A tap on the map itself (not on a point): where, in GCJ-02. Drawing a boundary listens to it. */
  onTapAt?: (at: { lng: number; lat: number }) => void;
}
