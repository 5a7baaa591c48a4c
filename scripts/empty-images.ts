/**
 * The empty-state pictures the mini-program ships, drawn in code so they stay
 * small and can be redrawn: `npx tsx scripts/empty-images.ts` writes miniapp/src/assets/empty/*.png.
 * NutUI's Empty otherwise loads its pictures from a CDN (storage.360buyimg.com): broken offline and a
 * request to a third party from every empty list. 160 × 160, 4-bit palette with transparency, each
 * under 2 KB, so the build inlines them (Taro's image limit) and no file or request is added.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 160;
const SAMPLES = 4;

type Rgb = [number, number, number];
/** A shape: its colour and whether a point is inside it. Later shapes paint over earlier ones. */
type Shape = { colour: Rgb; inside: (x: number, y: number) => boolean };

const GREY: Rgb = [0xc9, 0xcd, 0xd4];
const LIGHT: Rgb = [0xe5, 0xe6, 0xeb];
const RED: Rgb = [0xf9, 0x89, 0x81];
const COLOURS = [GREY, LIGHT, RED];
const ALPHAS = [255, 170, 85];

const ellipse = (cx: number, cy: number, rx: number, ry: number) => (x: number, y: number) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
const ring = (cx: number, cy: number, r: number, w: number, from = -Math.PI, to = Math.PI) => (x: number, y: number) => {
  const d = Math.hypot(x - cx, y - cy);
  const a = Math.atan2(y - cy, x - cx);
  return Math.abs(d - r) <= w / 2 && a >= from && a <= to;
};
const segment = (x1: number, y1: number, x2: number, y2: number, w: number) => (x: number, y: number) => {
  const [dx, dy] = [x2 - x1, y2 - y1];
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= w / 2;
};
/** The outline of a rounded rectangle. */
const frame = (x1: number, y1: number, x2: number, y2: number, r: number, w: number) => (x: number, y: number) => {
  const cx = Math.max(x1 + r, Math.min(x2 - r, x));
  const cy = Math.max(y1 + r, Math.min(y2 - r, y));
  const d = Math.hypot(x - cx, y - cy);
  const inCorner = (x < x1 + r || x > x2 - r) && (y < y1 + r || y > y2 - r);
  if (inCorner) return Math.abs(d - r) <= w / 2;
  const inside = x >= x1 - w / 2 && x <= x2 + w / 2 && y >= y1 - w / 2 && y <= y2 + w / 2;
  const core = x > x1 + w / 2 && x < x2 - w / 2 && y > y1 + w / 2 && y < y2 - w / 2;
  return inside && !core;
};

const shadow: Shape = { colour: LIGHT, inside: ellipse(80, 140, 50, 7) };

const PICTURES: Record<string, Shape[]> = {
  // Nothing here: a blank sheet.
  empty: [
    shadow,
    { colour: GREY, inside: frame(48, 26, 112, 122, 8, 5) },
    { colour: LIGHT, inside: (x, y) => segment(62, 50, 98, 50, 5)(x, y) || segment(62, 68, 98, 68, 5)(x, y) || segment(62, 86, 86, 86, 5)(x, y) },
  ],
  // It failed: a circle with an exclamation mark.
  error: [
    shadow,
    { colour: RED, inside: ring(80, 76, 42, 6) },
    { colour: RED, inside: (x, y) => segment(80, 54, 80, 82, 8)(x, y) || ellipse(80, 97, 5, 5)(x, y) },
  ],
  // No connection: signal arcs, struck through.
  network: [
    shadow,
    { colour: GREY, inside: (x, y) => [22, 42, 62].some((r) => ring(80, 110, r, 7, (-3 * Math.PI) / 4, -Math.PI / 4)(x, y)) || ellipse(80, 110, 6, 6)(x, y) },
    { colour: RED, inside: segment(40, 36, 120, 124, 7) },
  ],
};

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length);
  head.write(type, 4, 'ascii');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, tail]);
}

/** Palette index 0 is transparent; then each colour at each alpha. */
function png(shapes: Shape[]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE / 2);
    for (let x = 0; x < SIZE; x++) {
      let index = 0;
      for (let s = shapes.length - 1; s >= 0; s--) {
        let hits = 0;
        for (let i = 0; i < SAMPLES; i++) for (let j = 0; j < SAMPLES; j++) if (shapes[s]!.inside(x + (i + 0.5) / SAMPLES, y + (j + 0.5) / SAMPLES)) hits++;
        if (!hits) continue;
        const alpha = (hits / SAMPLES ** 2) * 255;
        const level = ALPHAS.reduce((best, a, k) => (Math.abs(a - alpha) < Math.abs(ALPHAS[best]! - alpha) ? k : best), 0);
        index = 1 + COLOURS.indexOf(shapes[s]!.colour) * ALPHAS.length + level;
        break;
      }
      row[1 + (x >> 1)]! |= x % 2 ? index : index << 4;
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr.set([4, 3, 0, 0, 0], 8);
  const plte = Buffer.from([0, 0, 0, ...COLOURS.flatMap((c) => ALPHAS.flatMap(() => c))]);
  const trns = Buffer.from([0, ...COLOURS.flatMap(() => ALPHAS)]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', plte),
    chunk('tRNS', trns),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = join(__dirname, '../miniapp/src/assets/empty');
mkdirSync(out, { recursive: true });
for (const [name, shapes] of Object.entries(PICTURES)) {
  const bytes = png(shapes);
  writeFileSync(join(out, `${name}.png`), bytes);
  console.log(`${name}.png ${bytes.length} bytes`);
}
