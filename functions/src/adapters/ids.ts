import { ulid } from 'ulid';

export interface Ids {
  next(): string;
}
export const ulidIds: Ids = { next: () => ulid() };
