import type { MapBounds, MapPoint } from '@safegrid/shared';

/** What the page hands either renderer: the points of the answer and what to do with a tapped one. */
export interface MapViewProps {
  points: MapPoint[];
  bounds?: MapBounds;
  /** The point whose card is open (drawn larger). */
  selected?: string;
  onPick: (point: MapPoint) => void;
}
