import fc from 'fast-check';
import { SNIFF_BYTES, isImage, sniffType } from '../src';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/ /g, ''), 'hex'));
const ascii = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

describe('sniffType', () => {
  it.each([
    ['a JPEG (JFIF)', hex('ff d8 ff e0 00 10 4a 46 49 46 00 01'), 'image/jpeg'],
    ['a JPEG (Exif, from a phone camera)', hex('ff d8 ff e1 12 34 45 78 69 66 00 00'), 'image/jpeg'],
    ['a PNG', hex('89 50 4e 47 0d 0a 1a 0a 00 00 00 0d'), 'image/png'],
    ['a WebP', ascii('RIFF\x24\x00\x00\x00WEBP'), 'image/webp'],
    ['an .xlsx (a zip)', hex('50 4b 03 04 14 00 06 00 08 00 00 00'), 'application/zip'],
  ])('knows %s', (_, bytes, type) => {
    expect(sniffType(bytes)).toBe(type);
  });

  it.each([
    ['text', ascii('hello, world')],
    ['an HTML page', ascii('<!DOCTYPE html>')],
    ['a PDF', ascii('%PDF-1.7\n%\xe2\xe3')],
    ['a GIF', ascii('GIF89a\x01\x00\x01\x00')],
    ['a WAV (RIFF, not WebP)', ascii('RIFF\x24\x00\x00\x00WAVE')],
    ['an HEIC', hex('00 00 00 18 66 74 79 70 68 65 69 63')],
    ['a PNG cut short', hex('89 50 4e 47 0d 0a')],
    ['a JPEG marker not at the start', hex('00 ff d8 ff e0')],
    ['an empty zip', hex('50 4b 05 06 00 00 00 00')],
    ['nothing', new Uint8Array()],
  ])('refuses %s', (_, bytes) => {
    expect(sniffType(bytes)).toBeUndefined();
    expect(isImage(bytes)).toBe(false);
  });

  it('an image is JPEG, PNG or WebP, never the zip', () => {
    expect(isImage(hex('ff d8 ff db'))).toBe(true);
    expect(isImage(hex('50 4b 03 04 14 00'))).toBe(false);
  });

  it('only the first SNIFF_BYTES bytes decide', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: SNIFF_BYTES, maxLength: 64 }), fc.uint8Array({ maxLength: 32 }), (head, rest) => {
        const longer = new Uint8Array([...head.subarray(0, SNIFF_BYTES), ...rest]);
        expect(sniffType(longer)).toBe(sniffType(head.subarray(0, SNIFF_BYTES)));
      }),
    );
  });
});
