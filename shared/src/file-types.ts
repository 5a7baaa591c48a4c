/**
 * What a stored file is, from its first bytes. The phone names a file's type from its name and a
 * presigned POST policy fixes only the declared type, so a record that takes a file checks the
 * bytes. HEIC is not among them: the upload routes take JPEG, PNG and WebP only, and WeChat hands
 * out compressed photos as JPEG.
 */
import { IMAGE_CONTENT_TYPES } from './ledger';

/** How many leading bytes `sniffType` needs (WebP's marker ends at byte 12). */
export const SNIFF_BYTES = 12;

export type SniffedType = (typeof IMAGE_CONTENT_TYPES)[number] | 'application/zip';

const SIGNATURES: { type: SniffedType; at: number; bytes: number[] }[][] = [
  [{ type: 'image/jpeg', at: 0, bytes: [0xff, 0xd8, 0xff] }],
  [{ type: 'image/png', at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] }],
  [
    { type: 'image/webp', at: 0, bytes: [0x52, 0x49, 0x46, 0x46] }, // RIFF
    { type: 'image/webp', at: 8, bytes: [0x57, 0x45, 0x42, 0x50] }, // WEBP
  ],
  // An .xlsx is a zip whose first entry starts at byte 0 (an empty or spanned zip has other markers, and is no workbook).
  [{ type: 'application/zip', at: 0, bytes: [0x50, 0x4b, 0x03, 0x04] }],
];

/** The type the bytes show (JPEG, PNG, WebP or a zip such as .xlsx), or undefined for anything else. */
export function sniffType(head: Uint8Array): SniffedType | undefined {
  const found = SIGNATURES.find((parts) => parts.every(({ at, bytes }) => bytes.every((b, i) => head[at + i] === b)));
  return found?.[0]!.type;
}

/** Whether the bytes start an image the photo routes take. */
export const isImage = (head: Uint8Array) => (IMAGE_CONTENT_TYPES as readonly string[]).includes(sniffType(head) ?? '');
