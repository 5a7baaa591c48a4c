/**
 * The map in WeChat: Taro's Map (WeChat's own tiles, GCJ-02 like the stored coordinates), fitted to
 * the area with includePoints, the markers a small PNG per class colour, clusters recomputed by
 * supercluster on every regionchange end (the same clusters and the same tap → zoom as the H5 box;
 * WeChat's native joinCluster counts only, and needs a newer base library).
 */
import { Map } from '@tarojs/components';
import { useMemo, useState } from 'react';
import { clampZoom, clusterIndex, expandCluster, featuresIn, fitView, iconName, type Shape, type View } from '../lib';
import type { MapViewProps } from './types';

/** Copied into the subpackage by the build (config `copy`): WeChat's map takes a file path, not the base64 webpack would inline. */
const icon = (name: string) => `/packageMap/assets/${name}.png`;
/** The screen box the first fit is computed for (WeChat then fits exactly with includePoints). */
const SIZE = { width: 375, height: 420 };

/** WeChat's map draws boundaries natively: polygons for areas (the one in view bold), a dotted line and dots for one being drawn. */
export function overlays(shapes: Shape[]) {
  const at = ([longitude, latitude]: [number, number]) => ({ longitude, latitude });
  const polygons = shapes
    .filter((s) => s.kind !== 'draft')
    .flatMap((s) =>
      s.rings.map((ring) => ({
        points: ring.map(at),
        strokeWidth: s.kind === 'focus' ? 3 : 1,
        strokeColor: s.kind === 'focus' ? '#1677ffff' : '#7ba7d9ff',
        fillColor: s.kind === 'focus' ? '#1677ff14' : '#1677ff0a',
        zIndex: s.kind === 'focus' ? 2 : 1,
      })),
    );
  const draft = shapes.find((s) => s.kind === 'draft')?.rings[0] ?? [];
  return {
    polygons,
    polyline: draft.length > 1 ? [{ points: draft.map(at), color: '#f53f3fff', width: 3, dottedLine: true }] : [],
    circles: draft.map((p) => ({ ...at(p), radius: 6, color: '#f53f3fff', fillColor: '#f53f3fff', strokeWidth: 1 })),
  };
}

export function WeappMap({ points, bounds, selected, onPick, shapes = [], onTapAt }: MapViewProps) {
  const drawn = useMemo(() => overlays(shapes), [shapes]);
  const index = useMemo(() => clusterIndex(points), [points]);
  const first = useMemo(() => fitView(bounds, SIZE) ?? { lat: 36.2, lng: 117.1, zoom: 12 }, [bounds]);
  const [view, setView] = useState<View>(first);
  const [bbox, setBbox] = useState<[number, number, number, number]>(() => (bounds ? [bounds.minLng, bounds.minLat, bounds.maxLng, bounds.maxLat] : [-180, -85, 180, 85]));
  const include = useMemo(() => (bounds ? [{ latitude: bounds.minLat, longitude: bounds.minLng }, { latitude: bounds.maxLat, longitude: bounds.maxLng }] : []), [bounds]);
  const features = useMemo(() => featuresIn(index, bbox, view.zoom), [index, bbox, view.zoom]);
  const markers = features.map((f, i) =>
    f.kind === 'cluster'
      ? {
          id: i,
          latitude: f.lat,
          longitude: f.lng,
          iconPath: icon('cluster'),
          width: 36,
          height: 36,
          label: { content: String(f.count), color: '#ffffff', fontSize: 12, anchorX: -18, anchorY: -28, borderWidth: 0, borderColor: '#4e5969', borderRadius: 0, bgColor: '#00000000', padding: 0, textAlign: 'center' as const },
        }
      : {
          id: i,
          latitude: f.point.lat,
          longitude: f.point.lng,
          iconPath: icon(iconName(f.point.riskClass)),
          width: f.point.id === selected ? 30 : 22,
          height: f.point.id === selected ? 30 : 22,
          title: f.point.name,
        },
  );
  return (
    <Map
      id="mp-map"
      className="mp-native"
      latitude={view.lat}
      longitude={view.lng}
      scale={view.zoom}
      markers={markers}
      polygons={drawn.polygons as never}
      polyline={drawn.polyline as never}
      circles={drawn.circles as never}
      includePoints={include}
      onTap={(e) => {
        const d = (e.detail ?? {}) as { latitude?: number; longitude?: number };
        if (onTapAt && typeof d.latitude === 'number' && typeof d.longitude === 'number') onTapAt({ lng: d.longitude, lat: d.latitude });
      }}
      showScale
      onRegionChange={(e) => {
        type At = { latitude: number; longitude: number };
        const d = (e.detail ?? e) as unknown as { type: string; scale?: number; centerLocation?: At; region?: { northeast: At; southwest: At } };
        if (d.type !== 'end' || !d.region) return;
        setBbox([d.region.southwest.longitude, d.region.southwest.latitude, d.region.northeast.longitude, d.region.northeast.latitude]);
        // Keep what the user moved to, so a re-render does not snap the map back.
        setView((v) => ({ lat: d.centerLocation?.latitude ?? v.lat, lng: d.centerLocation?.longitude ?? v.lng, zoom: d.scale ? clampZoom(d.scale) : v.zoom }));
      }}
      onMarkerTap={(e) => {
        const f = features[Number(e.detail.markerId)];
        if (!f) return;
        if (f.kind === 'point') onPick(f.point);
        else setView(expandCluster(index, f));
      }}
      onError={() => undefined}
    />
  );
}
