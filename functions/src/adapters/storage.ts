import type { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config';

/** Files go straight from the phone to storage; the API only hands out short-lived signed URLs. */
export interface Storage {
  uploadUrl(key: string, contentType: string): Promise<string>;
  downloadUrl(key: string): Promise<string>;
}

/**
 * S3 through presigned URLs. The SDK's S3 modules are loaded on first use, so functions that
 * never touch files do not pay for them at cold start (measured in bench/cold-start).
 */
export class S3Storage implements Storage {
  private client?: Promise<S3Client>;
  constructor(
    private readonly config: Config,
    private readonly expiresIn = 600,
  ) {}

  private s3(): Promise<S3Client> {
    this.client ??= import('@aws-sdk/client-s3').then(
      ({ S3Client }) =>
        new S3Client({
          region: this.config.region,
          endpoint: this.config.s3Endpoint,
          forcePathStyle: Boolean(this.config.s3Endpoint),
          ...(this.config.s3Endpoint ? { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
        }),
    );
    return this.client;
  }

  async uploadUrl(key: string, contentType: string) {
    const [{ PutObjectCommand }, { getSignedUrl }, s3] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner'), this.s3()]);
    return getSignedUrl(s3, new PutObjectCommand({ Bucket: this.config.bucketName, Key: key, ContentType: contentType }), { expiresIn: this.expiresIn });
  }

  async downloadUrl(key: string) {
    const [{ GetObjectCommand }, { getSignedUrl }, s3] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner'), this.s3()]);
    return getSignedUrl(s3, new GetObjectCommand({ Bucket: this.config.bucketName, Key: key }), { expiresIn: this.expiresIn });
  }
}
