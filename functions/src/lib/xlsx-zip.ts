/**
 * The ZIP container of an .xlsx, on Node's own zlib (no library bytes in the bundle):
 *  - reading by random access (the central directory at the end, then one entry at a time as a
 *    stream), so the sheet is inflated and parsed as it arrives, in any entry order, and the file
 *    never needs to be in memory whole (the source can be S3 ranged GETs);
 *  - writing as a stream (local headers with data descriptors), so a large sheet is deflated
 *    as its rows are produced.
 */
import { Readable, pipeline } from 'node:stream';
import { crc32, createDeflateRaw, createInflateRaw } from 'node:zlib';

/** The file is not a ZIP, is damaged, or uses something an .xlsx never does. */
export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

/** Bytes by position: a Buffer, a file, or an S3 object read with ranged GETs. `end` is exclusive. */
export interface RandomAccess {
  size: number;
  read(start: number, end: number): Promise<Buffer>;
  stream(start: number, end: number): AsyncIterable<Buffer>;
}

export function bufferSource(buffer: Buffer): RandomAccess {
  return {
    size: buffer.length,
    read: async (start, end) => buffer.subarray(start, end),
    stream: (start, end) => Readable.from([buffer.subarray(start, end)]),
  };
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

/** The entries of a ZIP, by name, from its central directory. */
export async function readDirectory(src: RandomAccess): Promise<Map<string, ZipEntry>> {
  if (src.size < 22) throw new ZipError('not a zip: too short');
  const tailStart = Math.max(0, src.size - (22 + 0xffff));
  const tail = await src.read(tailStart, src.size);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new ZipError('not a zip: no end of central directory');
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if ((cdOffset === MAX32 || count === 0xffff) && at >= 20 && tail.readUInt32LE(at - 20) === EOCD64_LOCATOR) {
    const eocd64 = await src.read(Number(tail.readBigUInt64LE(at - 12)), Number(tail.readBigUInt64LE(at - 12)) + 56);
    count = Number(eocd64.readBigUInt64LE(32));
    cdSize = Number(eocd64.readBigUInt64LE(40));
    cdOffset = Number(eocd64.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > src.size) throw new ZipError('damaged: central directory out of range');
  const cd = cdOffset >= tailStart ? tail.subarray(cdOffset - tailStart, cdOffset - tailStart + cdSize) : await src.read(cdOffset, cdOffset + cdSize);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new ZipError('damaged: bad central directory entry');
    const flags = cd.readUInt16LE(p + 8);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    const entry: ZipEntry = {
      name,
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    };
    // ZIP64: the real values sit in extra field 0x0001, in this order, for those that overflowed.
    const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(e);
      const len = extra.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        for (const k of ['size', 'compressedSize', 'localOffset'] as const) {
          if (entry[k] === MAX32 && q + 8 <= e + 4 + len) (entry[k] = Number(extra.readBigUInt64LE(q))), (q += 8);
        }
      }
      e += 4 + len;
    }
    entries.set(name, entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** One entry's bytes, inflated as they arrive; more than `maxBytes` out is an error (zip bombs). */
export async function* readEntry(src: RandomAccess, entry: ZipEntry, maxBytes: number): AsyncGenerator<Buffer> {
  const header = await src.read(entry.localOffset, entry.localOffset + 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new ZipError('damaged: bad local header');
  const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + entry.compressedSize > src.size) throw new ZipError('damaged: entry out of range');
  const raw = src.stream(start, start + entry.compressedSize);
  let out = 0;
  const count = (chunk: Buffer) => {
    out += chunk.length;
    if (out > maxBytes) throw new ZipError(`entry ${entry.name} too large`);
    return chunk;
  };
  if (entry.method === 0) {
    for await (const chunk of raw) yield count(chunk);
    return;
  }
  if (entry.method !== 8) throw new ZipError(`unsupported compression ${entry.method}`);
  const inflate = createInflateRaw();
  let failure: Error | undefined;
  pipeline(Readable.from(raw), inflate, (error) => {
    if (error) failure = error;
  });
  try {
    for await (const chunk of inflate) yield count(chunk as Buffer);
  } catch (error) {
    throw new ZipError(`damaged: ${(failure ?? (error as Error)).message}`);
  } finally {
    inflate.destroy();
  }
  if (failure) throw new ZipError(`damaged: ${failure.message}`);
}

/** The whole (small) entry as text. */
export async function readEntryText(src: RandomAccess, entry: ZipEntry, maxBytes: number): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of readEntry(src, entry, maxBytes)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

/** Writes a ZIP as a stream to `write` (which should wait for backpressure). */
export class ZipWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];
  constructor(private readonly write: (chunk: Buffer) => Promise<void>) {}

  private async put(chunk: Buffer) {
    this.offset += chunk.length;
    await this.write(chunk);
  }

  /** Adds one deflated entry whose content is produced by `body` (strings are UTF-8). */
  async add(name: string, body: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8');
    const localOffset = this.offset;
    const flags = 0x0808; // sizes in a data descriptor; UTF-8 names
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt16LE(nameBytes.length, 26);
    await this.put(Buffer.concat([local, nameBytes]));

    let crc = 0;
    let size = 0;
    async function* source() {
      for await (const part of body) {
        const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
        crc = crc32(bytes, crc);
        size += bytes.length;
        yield bytes;
      }
    }
    const deflate = createDeflateRaw({ level: 6 });
    let failure: Error | undefined;
    pipeline(Readable.from(source()), deflate, (error) => {
      if (error) failure = error;
    });
    let compressed = 0;
    for await (const chunk of deflate) {
      compressed += (chunk as Buffer).length;
      await this.put(chunk as Buffer);
    }
    if (failure) throw failure;
    if (size >= MAX32 || this.offset >= MAX32) throw new Error('zip entry too large');

    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.put(descriptor);

    const c = Buffer.alloc(46);
    c.writeUInt32LE(CENTRAL, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt16LE(0, 12);
    c.writeUInt16LE(0x21, 14);
    c.writeUInt32LE(crc >>> 0, 16);
    c.writeUInt32LE(compressed, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(nameBytes.length, 28);
    c.writeUInt32LE(localOffset, 42);
    this.central.push(Buffer.concat([c, nameBytes]));
  }

  async finish(): Promise<void> {
    const cd = Buffer.concat(this.central);
    const cdOffset = this.offset;
    const end = Buffer.alloc(22);
    end.writeUInt32LE(EOCD, 0);
    end.writeUInt16LE(this.central.length, 8);
    end.writeUInt16LE(this.central.length, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(cdOffset, 16);
    await this.put(Buffer.concat([cd, end]));
  }
}
