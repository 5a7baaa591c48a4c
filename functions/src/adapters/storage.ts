import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '../config';

/** Files go straight from the phone to storage; the API only hands out short-lived signed URLs. */
export interface Storage {
  uploadUrl(key: string, contentType: string): Promise<string>;
  downloadUrl(key: string): Promise<string>;
}

export function makeS3Client(config: Config): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.s3Endpoint,
    forcePathStyle: Boolean(config.s3Endpoint),
    ...(config.s3Endpoint ? { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
  });
}

export class S3Storage implements Storage {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly expiresIn = 600,
  ) {}

  uploadUrl(key: string, contentType: string) {
    return getSignedUrl(this.s3, new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }), {
      expiresIn: this.expiresIn,
    });
  }

  downloadUrl(key: string) {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: this.expiresIn });
  }
}
