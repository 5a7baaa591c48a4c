/**
 * A handwritten signature, shared by the commitment letters and the site checks (only subpackages use
 * it, so the build copies it into each of theirs and the main package does not grow): the signer
 * draws with a finger (or the mouse in H5) in a box, then taps 确认签名; the drawing is exported as a PNG and handed to `onChange`. 清除 starts again. The one
 * platform split of the signing flow lives here:
 *  - weapp: `<Canvas type="2d">`, its node from `createSelectorQuery().fields({node, size})`, touches
 *    in canvas coordinates, exported with `canvasToTempFilePath({canvas})` to a temporary file;
 *  - H5: a plain `<canvas>`, mouse and touch events, exported with `toDataURL('image/png')`.
 * Either way the caller gets `{path, size}`, which `sendFile` in lib/files.ts can upload.
 */
import Taro from '@tarojs/taro';
import { Canvas, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import { FileError, fileSize } from '../lib/files';
import './signature.css';

export interface SignaturePng {
  /** A temporary file (weapp) or a data: URL (H5). */
  path: string;
  /** Bytes of the PNG. */
  size: number;
}

/** Fewer points than this in all is a tap or a slip of the finger, not a signature. */
export const MIN_POINTS = 6;

/** What the pad draws with: the part of a 2D context it uses (the DOM's and WeChat's both have it). */
interface Ink {
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  scale(x: number, y: number): void;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  strokeStyle: unknown;
  fillStyle: unknown;
}

interface Surface {
  ink: Ink;
  /** CSS pixels. */
  width: number;
  height: number;
  toPng: () => Promise<SignaturePng>;
}

type Point = { x: number; y: number };

/** Bytes of a base64 data: URL's payload. */
export function dataUrlBytes(url: string): number {
  const b64 = url.slice(url.indexOf(',') + 1);
  return Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
}

function pixelRatio(): number {
  try {
    return Taro.getWindowInfo().pixelRatio || 1;
  } catch {
    return 1;
  }
}

/** Paper: white (a transparent PNG shows black in WeChat's image viewer), and the pen. */
function prepare(ink: Ink, width: number, height: number, ratio: number): void {
  ink.scale(ratio, ratio);
  blank(ink, width, height);
  ink.lineWidth = 3;
  ink.lineCap = 'round';
  ink.lineJoin = 'round';
  ink.strokeStyle = '#1f2329';
}

function blank(ink: Ink, width: number, height: number): void {
  ink.fillStyle = '#ffffff';
  ink.fillRect(0, 0, width, height);
}

/** The weapp canvas node (type 2d), sized for the screen's pixel ratio. */
function weappSurface(id: string): Promise<Surface> {
  return new Promise((resolve, reject) => {
    Taro.createSelectorQuery()
      .select(`#${id}`)
      .fields({ node: true, size: true })
      .exec((res: unknown[]) => {
        const found = res?.[0] as { node?: Taro.Canvas; width?: number; height?: number } | null;
        const canvas = found?.node;
        if (!canvas || !found.width || !found.height) return reject(new FileError('签名板未就绪，请稍后再试'));
        const { width, height } = found;
        const ratio = pixelRatio();
        canvas.width = Math.round(width * ratio);
        canvas.height = Math.round(height * ratio);
        const ink = canvas.getContext('2d') as unknown as Ink;
        prepare(ink, width, height, ratio);
        resolve({
          ink,
          width,
          height,
          toPng: async () => {
            // Twice the CSS size is sharp enough on paper and keeps the PNG well under the limit.
            const out = await Taro.canvasToTempFilePath({ canvas, fileType: 'png', destWidth: Math.round(width * 2), destHeight: Math.round(height * 2) });
            const size = await fileSize(out.tempFilePath);
            if (!size) throw new FileError('签名导出失败，请重试');
            return { path: out.tempFilePath, size };
          },
        });
      });
  });
}

/** The H5 canvas element, sized for the screen's pixel ratio. */
function h5Surface(el: HTMLCanvasElement): Surface | undefined {
  const rect = el.getBoundingClientRect();
  const width = rect.width || el.clientWidth || 320;
  const height = rect.height || el.clientHeight || 180;
  const ratio = window.devicePixelRatio || 1;
  el.width = Math.round(width * ratio);
  el.height = Math.round(height * ratio);
  const ink = el.getContext('2d') as unknown as Ink | null;
  if (!ink) return undefined;
  prepare(ink, width, height, ratio);
  return {
    ink,
    width,
    height,
    toPng: async () => {
      const path = el.toDataURL('image/png');
      if (!path.startsWith('data:image/png')) throw new FileError('签名导出失败，请重试');
      return { path, size: dataUrlBytes(path) };
    },
  };
}

export function SignaturePad({ onChange, id = 'pad' }: { onChange: (png: SignaturePng | undefined) => void; id?: string }) {
  const canvasEl = useRef<HTMLCanvasElement>(null);
  const surface = useRef<Surface>();
  const drawing = useRef(false);
  const last = useRef<Point>();
  const lastTouch = useRef(0);
  const [points, setPoints] = useState(0);
  const [confirmed, setConfirmed] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState('');
  const confirmedRef = useRef(false);

  useEffect(() => {
    let live = true;
    // Written out (not a variable), so the build drops the other platform's branch.
    if (process.env.TARO_ENV === 'h5') {
      if (canvasEl.current) surface.current = h5Surface(canvasEl.current);
      return;
    }
    // The node exists once the page has drawn it.
    Taro.nextTick(() => {
      weappSurface(id)
        .then((s) => {
          if (live) surface.current = s;
        })
        .catch((e: unknown) => live && setError((e as Error).message));
    });
    return () => {
      live = false;
    };
  }, [id]);

  const unconfirm = () => {
    if (!confirmedRef.current) return;
    confirmedRef.current = false;
    setConfirmed(false);
    onChange(undefined);
  };

  const start = (p: Point | undefined) => {
    const ink = surface.current?.ink;
    if (!p || !ink) return;
    drawing.current = true;
    last.current = p;
    ink.beginPath();
    ink.moveTo(p.x, p.y);
    // A dot, so a tap shows where it landed.
    ink.lineTo(p.x + 0.1, p.y + 0.1);
    ink.stroke();
    setPoints((n) => n + 1);
    setError('');
    unconfirm();
  };
  const move = (p: Point | undefined) => {
    const ink = surface.current?.ink;
    if (!drawing.current || !p || !ink || !last.current) return;
    ink.beginPath();
    ink.moveTo(last.current.x, last.current.y);
    ink.lineTo(p.x, p.y);
    ink.stroke();
    last.current = p;
    setPoints((n) => n + 1);
  };
  const end = () => {
    drawing.current = false;
    last.current = undefined;
  };

  const clear = () => {
    const s = surface.current;
    if (s) blank(s.ink, s.width, s.height);
    end();
    setPoints(0);
    setError('');
    confirmedRef.current = false;
    setConfirmed(false);
    onChange(undefined);
  };

  const confirm = async () => {
    if (points < MIN_POINTS) {
      setError('签名为空：请在框内手写签名后再确认');
      onChange(undefined);
      return;
    }
    const s = surface.current;
    if (!s) return setError('签名板未就绪，请稍后再试');
    setExporting(true);
    setError('');
    try {
      const png = await s.toPng();
      confirmedRef.current = true;
      setConfirmed(true);
      onChange(png);
    } catch (e) {
      setError(e instanceof FileError ? e.message : '签名导出失败，请重试');
    } finally {
      setExporting(false);
    }
  };

  // H5: where a mouse or a finger is, in the canvas's CSS pixels.
  const at = (x: number, y: number): Point | undefined => {
    const rect = canvasEl.current?.getBoundingClientRect();
    return rect ? { x: x - rect.left, y: y - rect.top } : undefined;
  };
  const touchAt = (e: { touches: ArrayLike<{ clientX: number; clientY: number }> }) => {
    lastTouch.current = Date.now();
    const t = e.touches[0];
    return t ? at(t.clientX, t.clientY) : undefined;
  };
  // A phone's browser follows a touch with made-up mouse events: ignore those.
  const mouse = (fn: () => void) => {
    if (Date.now() - lastTouch.current > 800) fn();
  };
  // weapp: canvas touches carry canvas coordinates.
  const canvasTouch = (e: { touches: ArrayLike<{ x: number; y: number }> }): Point | undefined => {
    const t = e.touches[0];
    return t ? { x: t.x, y: t.y } : undefined;
  };

  const empty = points === 0;
  return (
    <View className="sig">
      <View className="muted sig-hint">{empty ? (process.env.TARO_ENV === 'h5' ? '请在下面的框内用手指或鼠标签名' : '请在下面的框内用手指签名') : confirmed ? '如需重签，请点“清除”' : '写好后请点“确认签名”'}</View>
      <View className={`sig-box ${confirmed ? 'sig-box-done' : ''}`}>
        {process.env.TARO_ENV === 'h5' ? (
          <canvas
            id={id}
            ref={canvasEl}
            className="sig-pad"
            onMouseDown={(e) => mouse(() => start(at(e.clientX, e.clientY)))}
            onMouseMove={(e) => mouse(() => move(at(e.clientX, e.clientY)))}
            onMouseUp={() => mouse(end)}
            onMouseLeave={() => mouse(end)}
            onTouchStart={(e) => start(touchAt(e))}
            onTouchMove={(e) => move(touchAt(e))}
            onTouchEnd={end}
            onTouchCancel={end}
          />
        ) : (
          <Canvas
            type="2d"
            id={id}
            className="sig-pad"
            disableScroll
            onTouchStart={(e) => start(canvasTouch(e))}
            onTouchMove={(e) => move(canvasTouch(e))}
            onTouchEnd={end}
            onTouchCancel={end}
          />
        )}
      </View>
      {error ? (
        <View className="field-error sig-error">
          <Text>{error}</Text>
        </View>
      ) : null}
      {confirmed ? <View className="sig-ok">✓ 签名已确认</View> : null}
      <View className="sig-actions">
        <Button className="sig-clear" size="large" fill="outline" type="default" onClick={clear}>
          清除
        </Button>
        <Button className="sig-confirm" size="large" type="primary" loading={exporting} onClick={() => void confirm()}>
          确认签名
        </Button>
      </View>
    </View>
  );
}
