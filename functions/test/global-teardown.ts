import { checkLogCapture } from '../../scripts/local/log-capture';
import type { Running } from '../../scripts/local/services';

export default async function globalTeardown() {
  const engines = (globalThis as { __engines?: Running[] }).__engines ?? [];
  await Promise.all(engines.map((e) => e.stop()));
  checkLogCapture();
}
