import Taro from '@tarojs/taro';
import { Canvas, View } from '@tarojs/components';
import UCharts, { type UChartsOptions } from '@qiun/ucharts';
import { useEffect, useRef } from 'react';
import type { TrendMonth } from '@safegrid/shared';
import { trendChart } from '../lib';

type Context = UChartsOptions['context'];
interface Surface {
  context: Context;
  /** Device pixels. */
  width: number;
  height: number;
  ratio: number;
}

const CSS_HEIGHT = 200;

/** The weapp canvas node (type 2d), sized in device pixels. */
function weappSurface(id: string): Promise<Surface | undefined> {
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res: unknown[]) => {
        const found = res?.[0] as { node?: Taro.Canvas; width?: number; height?: number } | null;
        if (!found?.node || !found.width || !found.height) return resolve(undefined);
        const ratio = Taro.getWindowInfo().pixelRatio || 1;
        found.node.width = Math.round(found.width * ratio);
        found.node.height = Math.round(found.height * ratio);
        resolve({ context: found.node.getContext('2d'), width: found.node.width, height: found.node.height, ratio });
      });
  });
}

/** The H5 canvas element, sized in device pixels. */
function h5Surface(el: HTMLCanvasElement): Surface | undefined {
  const ratio = window.devicePixelRatio || 1;
  el.width = Math.round((el.getBoundingClientRect().width || el.clientWidth || 340) * ratio);
  el.height = Math.round(CSS_HEIGHT * ratio);
  const context = el.getContext('2d');
  return context ? { context, width: el.width, height: el.height, ratio } : undefined;
}

function draw(s: Surface, trend: TrendMonth[]) {
  // A drawing library's failure must not take the page down: the figures are on the cards too.
  // (It draws on a timer, so this catches only what it checks at once.)
  try {
    new UCharts({
      ...trendChart(trend),
      context: s.context,
      width: s.width,
      height: s.height,
      pixelRatio: s.ratio,
      canvas2d: true,
      animation: false,
      background: '#FFFFFF',
      padding: [12, 12, 0, 4],
      legend: { show: true, position: 'bottom' },
      xAxis: { disableGrid: true, fontSize: 11 },
      yAxis: { gridType: 'dash', data: [{ min: 0 }] },
      // uCharts reads each chart type's settings from `extra` and has no defaults for them.
      extra: { column: { type: 'group', width: 8, seriesGap: 2, categoryGap: 3 }, line: { type: 'straight', width: 2 } },
    });
  } catch {
    // left blank
  }
}

/** 月度趋势: the area's hazards reported, confirmed and closed, and its checks, month by month (uCharts on a 2d canvas). */
export function TrendChart({ id, trend }: { id: string; trend: TrendMonth[] }) {
  const el = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let live = true;
    // Written out (not a variable), so the build drops the other platform's branch.
    if (process.env.TARO_ENV === 'h5') {
      const s = el.current && h5Surface(el.current);
      if (s) draw(s, trend);
      return;
    }
    Taro.nextTick(() => {
      void weappSurface(id).then((s) => live && s && draw(s, trend));
    });
    return () => {
      live = false;
    };
  }, [id, trend]);
  return (
    <View className="card db-trend">
      {process.env.TARO_ENV === 'h5' ? (
        <canvas id={id} ref={el} className="db-trend-canvas" style={{ height: `${CSS_HEIGHT}px` }} />
      ) : (
        <Canvas type="2d" id={id} className="db-trend-canvas" style={{ height: `${CSS_HEIGHT}px` }} />
      )}
    </View>
  );
}
