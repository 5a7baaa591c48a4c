/**
 * The map in the browser build, offline: no tiles, no network. The points are projected
 * equirectangularly around the view's centre into a box of Views; clusters (supercluster, per
 * integer zoom) are bubbles with their count; zoom with the buttons, the wheel or two fingers; pan by
 * dragging. A legend of the classes and a scale bar; 全部 fits the area again. The areas' boundaries
 * are its base map: an SVG layer under the points, each area's name at its centre; a boundary being
 * drawn shows its points in order. A tap on the ground (not on a point) is handed to `onTapAt`.
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RiskClass } from '@safegrid/shared';
import { MAX_ZOOM, MIN_ZOOM, bboxOf, clampZoom, classesOf, clusterIndex, expandCluster, featuresIn, fitView, pan, project, scaleBar, svgPath, unproject, type Size, type View as MapView } from '../lib';
import { RISK_BACKGROUNDS, riskLabel } from '../../lib/labels';
import type { MapViewProps } from './types';

/** The box: the screen's width less the page margins (at most a phone's), a fixed height. */
function boxSize(): Size {
  const w = typeof window === 'undefined' ? 375 : window.innerWidth;
  return { width: Math.max(280, Math.min(w - 24, 720)), height: 420 };
}
const DEFAULT_VIEW: MapView = { lat: 36.2, lng: 117.1, zoom: 12 };
/** Features this far outside the box are still drawn, so a bubble at the edge is not cut. */
const MARGIN = 40;

export function H5Map({ points, bounds, selected, onPick, shapes = [], onTapAt }: MapViewProps) {
  const size = useMemo(boxSize, []);
  const index = useMemo(() => clusterIndex(points), [points]);
  const fit = useMemo(() => fitView(bounds, size) ?? DEFAULT_VIEW, [bounds, size]);
  const [view, setView] = useState<MapView>(fit);
  useEffect(() => setView(fit), [fit]);
  const classes = useMemo(() => classesOf(new Set<RiskClass>(points.map((p) => p.riskClass))), [points]);

  const padded = { width: size.width + 2 * MARGIN, height: size.height + 2 * MARGIN };
  const features = featuresIn(index, bboxOf(view, padded), view.zoom);
  const scale = scaleBar(view);
  const zoomBy = (dz: number) => setView((v) => ({ ...v, zoom: clampZoom(v.zoom + dz) }));

  // Drag to pan, wheel and pinch to zoom: DOM listeners on the box (Taro's View has no wheel prop).
  const box = useRef<HTMLElement>(null);
  const drag = useRef<{ x: number; y: number; from: MapView; moved: boolean; pointers: number }>({ x: 0, y: 0, from: fit, moved: false, pointers: 0 });
  const pinch = useRef<number>(0);
  const viewRef = useRef(view);
  viewRef.current = view;
  const tapAt = useRef(onTapAt);
  tapAt.current = onTapAt;
  useEffect(() => {
    const el = box.current;
    if (!el || typeof el.addEventListener !== 'function') return;
    const down = (e: PointerEvent) => {
      drag.current = { x: e.clientX, y: e.clientY, from: viewRef.current, moved: false, pointers: drag.current.pointers + 1 };
    };
    const moveTo = (e: PointerEvent) => {
      const d = drag.current;
      if (d.pointers !== 1) return;
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (!d.moved && Math.hypot(dx, dy) < 5) return;
      d.moved = true;
      setView(pan(d.from, dx, dy));
    };
    const up = () => {
      drag.current.pointers = Math.max(0, drag.current.pointers - 1);
    };
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      zoomBy(e.deltaY < 0 ? 1 : -1);
    };
    const spread = (e: TouchEvent) => (e.touches.length === 2 ? Math.hypot(e.touches[0]!.clientX - e.touches[1]!.clientX, e.touches[0]!.clientY - e.touches[1]!.clientY) : 0);
    const touch = (e: TouchEvent) => {
      const s = spread(e);
      if (!s) return void (pinch.current = 0);
      if (!pinch.current) return void (pinch.current = s);
      if (s / pinch.current > 1.5 || s / pinch.current < 0.67) {
        zoomBy(s > pinch.current ? 1 : -1);
        pinch.current = s;
      }
    };
    // A tap on the ground (not on a point, a bubble or a button, not the end of a drag): where it fell.
    const click = (e: MouseEvent) => {
      if (!tapAt.current) return;
      if (drag.current.moved) return void (drag.current.moved = false);
      if ((e.target as Element | null)?.closest?.('.mp-marker, .mp-cluster, .mp-zoom-buttons')) return;
      const r = el.getBoundingClientRect();
      tapAt.current(unproject({ x: e.clientX - r.left, y: e.clientY - r.top }, viewRef.current, size));
    };
    el.addEventListener('click', click);
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', moveTo);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    el.addEventListener('pointerleave', up);
    el.addEventListener('wheel', wheel, { passive: false });
    el.addEventListener('touchstart', touch);
    el.addEventListener('touchmove', touch);
    return () => {
      el.removeEventListener('click', click);
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', moveTo);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
      el.removeEventListener('pointerleave', up);
      el.removeEventListener('wheel', wheel);
      el.removeEventListener('touchstart', touch);
      el.removeEventListener('touchmove', touch);
    };
  }, []);
  /** A tap that ended a drag is not a tap on what lies under the finger. */
  const tap = (act: () => void) => () => {
    if (drag.current.moved) return void (drag.current.moved = false);
    act();
  };

  return (
    <View className="mp-h5">
      <View ref={box as never} className={`mp-box ${onTapAt ? 'mp-box-drawing' : ''}`} style={{ width: `${size.width}px`, height: `${size.height}px` }}>
        {shapes.length ? (
          <svg className="mp-shapes" width={size.width} height={size.height} viewBox={`0 0 ${size.width} ${size.height}`}>
            {shapes.map((sh) => (
              <path
                key={sh.id}
                className={`mp-shape mp-shape-${sh.kind}`}
                data-id={sh.id}
                d={svgPath(sh.rings, view, size, sh.kind === 'draft')}
                fillRule="evenodd"
              />
            ))}
            {shapes
              .filter((sh) => sh.kind === 'draft')
              .flatMap((sh) => sh.rings[0] ?? [])
              .map(([lng, lat], i) => {
                const p = project({ lng, lat }, view, size);
                return <circle key={`v${i}`} className="mp-vertex" cx={p.x} cy={p.y} r={i === 0 ? 6 : 4} />;
              })}
          </svg>
        ) : null}
        {shapes
          .filter((sh) => sh.label && sh.at && sh.kind !== 'draft')
          .map((sh) => {
            const p = project(sh.at!, view, size);
            if (p.x < 0 || p.y < 0 || p.x > size.width || p.y > size.height) return null;
            return (
              <Text key={`l${sh.id}`} className={`mp-shape-label mp-shape-label-${sh.kind}`} style={{ left: `${Math.round(p.x)}px`, top: `${Math.round(p.y)}px` }}>
                {sh.label}
              </Text>
            );
          })}
        {features.map((f) => {
          const at = project(f.kind === 'cluster' ? f : f.point, view, size);
          const style = { left: `${Math.round(at.x)}px`, top: `${Math.round(at.y)}px` };
          if (f.kind === 'cluster') {
            const d = Math.round(Math.min(64, 28 + 6 * Math.log2(f.count)));
            return (
              <View
                key={`c${f.id}`}
                className={`mp-cluster ${f.overdue ? 'mp-cluster-overdue' : ''}`}
                style={{ ...style, width: `${d}px`, height: `${d}px`, borderColor: RISK_BACKGROUNDS[f.worstClass] }}
                onClick={tap(() => setView(expandCluster(index, f)))}
              >
                <Text className="mp-cluster-count">{String(f.count)}</Text>
              </View>
            );
          }
          const p = f.point;
          return (
            <View
              key={p.id}
              className={`mp-marker mp-class-${p.riskClass} ${p.id === selected ? 'mp-marker-on' : ''} ${p.overdueHazards ? 'mp-marker-overdue' : ''}`}
              data-id={p.id}
              style={{ ...style, background: RISK_BACKGROUNDS[p.riskClass] }}
              onClick={tap(() => onPick(p))}
            >
              {p.openHazards ? <Text className="mp-badge">{String(p.openHazards)}</Text> : null}
            </View>
          );
        })}
        <View className="mp-scale" style={{ width: `${scale.px}px` }}>
          <Text className="mp-scale-label">{scale.label}</Text>
        </View>
        <View className="mp-zoom-buttons">
          <View className={`mp-zoom-in ${view.zoom >= MAX_ZOOM ? 'mp-off' : ''}`} onClick={() => zoomBy(1)}>
            <Text>＋</Text>
          </View>
          <View className={`mp-zoom-out ${view.zoom <= MIN_ZOOM ? 'mp-off' : ''}`} onClick={() => zoomBy(-1)}>
            <Text>－</Text>
          </View>
          <View className="mp-fit" onClick={() => setView(fit)}>
            <Text>全部</Text>
          </View>
        </View>
        <Text className="mp-zoom">{`${view.zoom}级`}</Text>
      </View>
      {points.length ? (
      <View className="mp-legend">
        {classes.map((c) => (
          <View key={c} className={`mp-legend-item mp-legend-${c}`}>
            <View className="mp-dot" style={{ background: RISK_BACKGROUNDS[c] }} />
            <Text>{riskLabel(c)}</Text>
          </View>
        ))}
        <View className="mp-legend-item">
          <View className="mp-dot mp-dot-cluster" />
          <Text>聚合（数字为企业数）</Text>
        </View>
      </View>
      ) : null}
    </View>
  );
}
