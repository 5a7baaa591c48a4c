/**
 * Business and health metrics as CloudWatch Embedded Metric Format (EMF) log lines: one JSON line
 * per event, which CloudWatch Logs turns into metrics in the `SafeGrid` namespace without an API
 * call, an agent or IAM beyond writing logs. Every metric carries the stage; an event may add one
 * more dimension set (a hazard's source, a payout's channel, a letter's kind, a function's name),
 * and is then counted both in total and by it. Dimension values must be ASCII (CloudWatch's rule),
 * so pass enum keys (`public`, `risk_letter`), never labels.
 *
 * Written here rather than with Powertools Metrics: that library adds 16.5 KB to every bundle
 * (measured, minified) for what is one JSON line; see docs/operations.md.
 */
import { logLine } from '../lib/log';

export const METRICS_NAMESPACE = 'SafeGrid';

/** Every metric we emit and its unit; an alarm or a dashboard names them (serverless.yml, docs/operations.md). */
export const METRIC_UNITS = {
  /** A hazard report stored (reportHazard), by source. */
  HazardReported: 'Count',
  /** A reward payout recorded (cash, bank or a confirmed WeChat transfer), by channel… */
  RewardPaid: 'Count',
  /** …and its amount in fen, on the same line. */
  RewardPaidFen: 'None',
  /** A numbered letter issued by the overdue sweep (风险提醒函, 工作督办函), by kind. */
  LetterIssued: 'Count',
  /** A request or job that ended with less than 20% of its time left, by function. */
  NearTimeout: 'Count',
  /** A subscribe message WeChat accepted, by kind (usecases/notify.ts)… */
  NoticeSent: 'Count',
  /** …and one that was not sent, by kind and reason (no-subscription, no-openid, no-account, no-template, invalid, failed). */
  NoticeUndelivered: 'Count',
} as const;
export type MetricName = keyof typeof METRIC_UNITS;

/** What use cases and the stacks see: `d.metrics.count('HazardReported', 1, { source })`. */
export interface Metrics {
  /** Adds `value` (default 1) to one metric. */
  count(name: MetricName, value?: number, dimensions?: Record<string, string>): void;
  /** Several metrics of one event on one line (a payout's count and its fen). */
  record(values: Partial<Record<MetricName, number>>, dimensions?: Record<string, string>): void;
}

/** One EMF document: the `_aws` block declaring the metrics, then the dimension and metric values at the root. */
export interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

/** The EMF document for one event (pure; the tests check its shape). */
export function emfLine(stage: string, values: Partial<Record<MetricName, number>>, dimensions: Record<string, string> = {}, timestamp = Date.now()): EmfLine {
  const metrics = (Object.entries(values) as [MetricName, number][]).filter(([, v]) => Number.isFinite(v));
  const extra = Object.keys(dimensions).filter((k) => k !== 'stage');
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: extra.length ? [['stage'], ['stage', ...extra]] : [['stage']],
          Metrics: metrics.map(([name]) => ({ Name: name, Unit: METRIC_UNITS[name] })),
        },
      ],
    },
    ...Object.fromEntries(extra.map((k) => [k, asciiDimension(dimensions[k]!)])),
    stage,
    ...Object.fromEntries(metrics),
  };
}

/** CloudWatch refuses non-ASCII dimension values (the whole line would be dropped): keep what is ASCII, say when nothing is. */
function asciiDimension(value: string): string {
  const ascii = value.replace(/[^\x20-\x7e]/g, '').trim().slice(0, 250);
  return ascii || 'unknown';
}

/**
 * Metrics written as EMF lines. Deployed stages write the line alone to stdout, where CloudWatch
 * extracts it whatever the function's log format (text or JSON) and whatever LOG_LEVEL says; local
 * stages go through logLine, so the tests stay quiet and the run's log file gets every line.
 * A metric never fails the work it counts.
 */
export function emfMetrics(stage: string, write: (line: EmfLine) => void = stdoutOrLog(stage)): Metrics {
  const record = (values: Partial<Record<MetricName, number>>, dimensions?: Record<string, string>) => {
    try {
      write(emfLine(stage, values, dimensions));
    } catch {
      // Counting must never break what it counts.
    }
  };
  return { record, count: (name, value = 1, dimensions) => record({ [name]: value }, dimensions) };
}

const LOCAL_STAGES = new Set(['local', 'test']);

function stdoutOrLog(stage: string): (line: EmfLine) => void {
  if (LOCAL_STAGES.has(stage)) return (line) => logLine({ level: 'info', ...line });
  return (line) => {
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
}

/** Share of an invocation's time under which a request or job counts as near its timeout (the NearTimeout alarm). */
export const NEAR_TIMEOUT_SHARE = 0.2;

/**
 * At the end of a request or job: counts NearTimeout (by function) when less than a fifth of the
 * time the invocation had at its start is left. A function that does time out never gets here;
 * Lambda's Errors and the HTTP API's 5xx count those.
 */
export function noteNearTimeout(metrics: Metrics, fn: string, startRemainingMs: number | undefined, endRemainingMs: number | undefined): boolean {
  if (!startRemainingMs || startRemainingMs <= 0 || typeof endRemainingMs !== 'number' || !Number.isFinite(endRemainingMs)) return false;
  if (endRemainingMs >= startRemainingMs * NEAR_TIMEOUT_SHARE) return false;
  metrics.count('NearTimeout', 1, { function: fn });
  return true;
}

/** What a Lambda context says is left, or undefined (tests call handlers without one). */
export function remainingMs(context: { getRemainingTimeInMillis?: () => number } | undefined): number | undefined {
  try {
    const left = context?.getRemainingTimeInMillis?.();
    return typeof left === 'number' && Number.isFinite(left) ? left : undefined;
  } catch {
    return undefined;
  }
}
