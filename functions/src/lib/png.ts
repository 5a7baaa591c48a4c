/** Small RGB PNGs made in code: the demo's placeholder photos and signatures, the tests' uploads, the WeChat stand-in's mini-program codes. */
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length);
  head.write(type, 4, 'ascii');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, tail]);
}

/** A width × height image whose pixel at (x, y) is `colour(x, y)`. */
export function encodePng(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Buffer {
  const rows = Array.from({ length: height }, (_, y) => Buffer.from([0, ...Array.from({ length: width }, (_, x) => colour(x, y)).flat()]));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/** A solid-colour photo, so the demo's photos show as something in the app. */
export const placeholderPng = (r: number, g: number, b: number) => encodePng(96, 72, () => [r, g, b]);

/** A signature-like stroke on white. */
export const signaturePng = (seed = 1) => encodePng(40, 20, (x, y) => (Math.abs(y - ((x * seed) % 20)) < 2 ? [0, 0, 0] : [255, 255, 255]));
