/**
 * Files in S3. The phone uploads straight to storage with a presigned POST whose policy fixes the
 * key, the type and the largest size; a record checks an upload's first bytes and the census
 * importer reads an object by ranged GETs (never the whole file); exports are streamed from /tmp. The S3 SDK modules are loaded on first use, so functions that never touch
 * files do not pay for them at cold start (bench/cold-start).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Config } from '../config';
import type { RandomAccess } from '../lib/xlsx-zip';

export interface Storage {
  /** A presigned POST that S3 honours only for this key and Content-Type, and 1 to `maxBytes` bytes. */
  uploadPost(key: string, contentType: string, maxBytes: number): Promise<{ url: string; fields: Record<string, string> }>;
  /** A GET URL; `fileName` becomes the name the browser saves it under. */
  downloadUrl(key: string, fileName?: string): Promise<string>;
  /** The object's size, or undefined when there is none. */
  size(key: string): Promise<number | undefined>;
  /**
   * One listing page: the sizes of the objects under `prefix` whose keys sort after `startAfter`
   * (up to 1000, in key order), and whether that was all of them.
   */
  sizesUnder(prefix: string, startAfter?: string): Promise<{ sizes: Map<string, number>; complete: boolean }>;
  /** Up to the first `n` bytes of the object (one ranged GET), or undefined when there is none. */
  head(key: string, n: number): Promise<Buffer | undefined>;
  /** The object as random-access bytes, or undefined when there is none. */
  source(key: string): Promise<RandomAccess | undefined>;
  putBuffer(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Streams a file (written in /tmp) to S3 without reading it into memory. */
  putFile(key: string, path: string, contentType: string): Promise<void>;
}

// Each kept once loaded: under a module loader with hooks (tsx: the local stack, the benches) every
// import() goes to the loader's thread and back, a few milliseconds per storage call.
let sdkModule: Promise<typeof import('@aws-sdk/client-s3')> | undefined;
let presignerModule: Promise<typeof import('@aws-sdk/s3-request-presigner')> | undefined;
let postModule: Promise<typeof import('@aws-sdk/s3-presigned-post')> | undefined;
const sdk = () => (sdkModule ??= import('@aws-sdk/client-s3'));
const presigner = () => (presignerModule ??= import('@aws-sdk/s3-request-presigner'));
const presignedPost = () => (postModule ??= import('@aws-sdk/s3-presigned-post'));

const EXPIRES_IN = 600;
const clients = new Map<string, Promise<S3Client>>();

function s3(config: Config): Promise<S3Client> {
  const id = `${config.region}|${config.s3Endpoint ?? ''}`;
  let client = clients.get(id);
  if (!client) {
    client = sdk().then(
      ({ S3Client }) =>
        new S3Client({
          region: config.region,
          endpoint: config.s3Endpoint,
          forcePathStyle: Boolean(config.s3Endpoint),
          // s3rver does not understand aws-chunked bodies with trailing checksums: send plain bodies to it.
          ...(config.s3Endpoint
            ? { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const }
            : {}),
        }),
    );
    clients.set(id, client);
  }
  return client;
}

function notFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

export class S3Storage implements Storage {
  constructor(private readonly config: Config) {}

  /**
   * A presigned POST (the form a phone can send with WeChat's uploadFile): the policy pins the key
   * and the Content-Type, and bounds the size, which a presigned PUT cannot leave open.
   */
  async uploadPost(key: string, contentType: string, maxBytes: number): Promise<{ url: string; fields: Record<string, string> }> {
    const [{ createPresignedPost }, client] = await Promise.all([presignedPost(), s3(this.config)]);
    const { url, fields } = await createPresignedPost(client, {
      Bucket: this.config.bucketName,
      Key: key,
      Fields: { 'Content-Type': contentType },
      Conditions: [
        ['eq', '$Content-Type', contentType],
        ['content-length-range', 1, maxBytes],
      ],
      Expires: EXPIRES_IN,
    });
    return { url, fields };
  }

  /** A GET URL; `fileName` becomes the name the browser saves it under. */
  async downloadUrl(key: string, fileName?: string): Promise<string> {
    const [{ GetObjectCommand }, { getSignedUrl }, client] = await Promise.all([sdk(), presigner(), s3(this.config)]);
    const disposition = fileName ? `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}` : undefined;
    return getSignedUrl(client, new GetObjectCommand({ Bucket: this.config.bucketName, Key: key, ResponseContentDisposition: disposition }), { expiresIn: EXPIRES_IN });
  }

  /** The object's size, or undefined when there is none. */
  async size(key: string): Promise<number | undefined> {
    const [{ HeadObjectCommand }, client] = await Promise.all([sdk(), s3(this.config)]);
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: this.config.bucketName, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (notFound(error)) return undefined;
      throw error;
    }
  }

  /** One ListObjectsV2 page: the sizes of up to 1000 objects under `prefix` after `startAfter`, and whether that was all of them. */
  async sizesUnder(prefix: string, startAfter?: string): Promise<{ sizes: Map<string, number>; complete: boolean }> {
    const [{ ListObjectsV2Command }, client] = await Promise.all([sdk(), s3(this.config)]);
    const page = await client.send(new ListObjectsV2Command({ Bucket: this.config.bucketName, Prefix: prefix, ...(startAfter !== undefined ? { StartAfter: startAfter } : {}) }));
    const sizes = new Map<string, number>();
    for (const o of page.Contents ?? []) if (o.Key !== undefined) sizes.set(o.Key, o.Size ?? 0);
    return { sizes, complete: !page.IsTruncated };
  }

  private async get(key: string, start: number, end: number): Promise<Readable> {
    const [{ GetObjectCommand }, client] = await Promise.all([sdk(), s3(this.config)]);
    const res = await client.send(new GetObjectCommand({ Bucket: this.config.bucketName, Key: key, Range: `bytes=${start}-${end - 1}` }));
    return res.Body as Readable;
  }

  /** Up to the first `n` bytes of the object (one ranged GET), or undefined when there is none. */
  async head(key: string, n: number): Promise<Buffer | undefined> {
    try {
      const parts: Buffer[] = [];
      for await (const chunk of await this.get(key, 0, n)) parts.push(chunk as Buffer);
      return Buffer.concat(parts);
    } catch (error) {
      if (notFound(error)) return undefined;
      // S3 answers a range on an empty object with 416.
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) return Buffer.alloc(0);
      throw error;
    }
  }

  /** The object as random-access bytes (ranged GETs). */
  async source(key: string): Promise<RandomAccess | undefined> {
    const size = await this.size(key);
    if (size === undefined) return undefined;
    const read = async (start: number, end: number) => {
      if (end <= start) return Buffer.alloc(0);
      const parts: Buffer[] = [];
      for await (const chunk of await this.get(key, start, end)) parts.push(chunk as Buffer);
      return Buffer.concat(parts);
    };
    const get = (start: number, end: number) => this.get(key, start, end);
    return {
      size,
      read,
      stream: (start, end) =>
        (async function* () {
          if (end <= start) return;
          for await (const chunk of await get(start, end)) yield chunk as Buffer;
        })(),
    };
  }

  async putBuffer(key: string, body: Buffer, contentType: string): Promise<void> {
    const [{ PutObjectCommand }, client] = await Promise.all([sdk(), s3(this.config)]);
    await client.send(new PutObjectCommand({ Bucket: this.config.bucketName, Key: key, Body: body, ContentType: contentType }));
  }

  /** Streams a file (written in /tmp) to S3 without reading it into memory. */
  async putFile(key: string, path: string, contentType: string): Promise<void> {
    const [{ PutObjectCommand }, client] = await Promise.all([sdk(), s3(this.config)]);
    const { size } = await stat(path);
    await client.send(
      new PutObjectCommand({ Bucket: this.config.bucketName, Key: key, Body: createReadStream(path), ContentLength: size, ContentType: contentType }),
    );
  }
}
