/**
 * Knowing when it fails: the business events and NearTimeout are written as
 * CloudWatch Embedded Metric Format lines, valid by the format's rules (CloudWatch silently drops a
 * line that breaks one), once per event: a payout recorded, a letter issued, a request or a job that
 * ended with less than a fifth of its time left. The alarms that watch them are checked in
 * contract.test.ts.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { type EmfLine, METRIC_UNITS, type MetricName, emfLine, emfMetrics, noteNearTimeout } from '../src/adapters/metrics';
import { deps, overrideDeps } from '../src/deps';
import { handler as escalateOverdueJob } from '../src/handlers/escalateOverdue';
import { handler as me } from '../src/handlers/me';
import { handler as payReward } from '../src/handlers/payReward';
import { handler as processImportJob } from '../src/handlers/processImport';
import { handler as reviewReward } from '../src/handlers/reviewReward';
import { escalateOverdue } from '../src/usecases/escalation';
import { seedHazard, token } from './hazard-support';
import { confirmedReport, newReporter, rewardOf, setRules, withOpenid } from './reward-support';
import { invoke, payments, setupTable } from './support';

/** CloudWatch's units (the EMF specification refers to MetricDatum's). */
const UNITS = new Set([
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits', 'Megabits', 'Gigabits',
  'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second',
  'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
]);

/** The EMF specification's rules for one log line: the `_aws` metadata, and every dimension and metric it declares present at the root. */
function expectValidEmf(line: unknown): asserts line is EmfLine {
  expect(line).toEqual(expect.any(Object));
  const root = line as Record<string, any>;
  const meta = root._aws;
  expect(Number.isInteger(meta?.Timestamp) && meta.Timestamp > 1_600_000_000_000).toBe(true);
  expect(Array.isArray(meta.CloudWatchMetrics) && meta.CloudWatchMetrics.length > 0).toBe(true);
  for (const directive of meta.CloudWatchMetrics) {
    expect(directive.Namespace).toMatch(/^[A-Za-z0-9._\-/#:]{1,255}$/);
    expect(directive.Dimensions.length).toBeGreaterThan(0);
    for (const set of directive.Dimensions) {
      expect(set.length).toBeLessThanOrEqual(30);
      for (const key of set) expect({ key, value: root[key] }).toEqual({ key, value: expect.stringMatching(/^[\x20-\x7e]{1,1024}$/) });
    }
    expect(directive.Metrics.length).toBeGreaterThan(0);
    expect(directive.Metrics.length).toBeLessThanOrEqual(100);
    for (const m of directive.Metrics) {
      expect(m.Name).toMatch(/^.{1,255}$/);
      expect(UNITS.has(m.Unit)).toBe(true);
      expect({ metric: m.Name, value: root[m.Name] }).toEqual({ metric: m.Name, value: expect.any(Number) });
    }
  }
}

/** The metric values of an EMF line and its dimensions, without the metadata. */
const valuesOf = (line: EmfLine) => {
  const { _aws, level: _level, ...rest } = line;
  return rest;
};

const lines: EmfLine[] = [];
const seen = (name: MetricName) => lines.filter((l) => name in l).map(valuesOf);

beforeAll(async () => {
  await setupTable();
  // The real EMF writer, its lines kept here instead of printed.
  overrideDeps({ metrics: emfMetrics('test', (line) => lines.push(line)) });
  await withOpenid('pub-1');
  await setRules({ minIntervalDays: 0 });
});
beforeEach(() => {
  lines.length = 0;
});

describe('EMF lines', () => {
  it.each(Object.keys(METRIC_UNITS) as MetricName[])('%s is a valid EMF line in the SafeGrid namespace under the stage', (name) => {
    const line = emfLine('prod', { [name]: 3 }, { source: 'public' }, 1_767_225_600_000);
    expectValidEmf(line);
    expect(line).toEqual({
      _aws: {
        Timestamp: 1_767_225_600_000,
        CloudWatchMetrics: [{ Namespace: 'SafeGrid', Dimensions: [['stage'], ['stage', 'source']], Metrics: [{ Name: name, Unit: METRIC_UNITS[name] }] }],
      },
      stage: 'prod',
      source: 'public',
      [name]: 3,
    });
  });

  it('counts under the stage alone when no dimension is given', () => {
    const line = emfLine('prod', { LetterIssued: 1 });
    expectValidEmf(line);
    expect(line._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['stage']]);
  });

  it('keeps dimension values ASCII (CloudWatch drops the whole line otherwise)', () => {
    const line = emfLine('prod', { HazardReported: 1 }, { source: '群众随手拍', kind: 'risk_letter' });
    expectValidEmf(line);
    expect(line).toMatchObject({ source: 'unknown', kind: 'risk_letter' });
  });

  it('goes to stdout alone in a deployed stage, one JSON line per event, whatever LOG_LEVEL says', () => {
    const written: string[] = [];
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => written.push(String(chunk)) > 0) as never);
    const log = jest.spyOn(console, 'log');
    try {
      emfMetrics('prod').record({ RewardPaid: 1, RewardPaidFen: 5_000 }, { channel: 'cash' });
    } finally {
      out.mockRestore();
      log.mockRestore();
    }
    expect(written).toHaveLength(1);
    expect(written[0]!.endsWith('\n') && !written[0]!.slice(0, -1).includes('\n')).toBe(true);
    const line = JSON.parse(written[0]!);
    expectValidEmf(line);
    expect(valuesOf(line)).toEqual({ stage: 'prod', channel: 'cash', RewardPaid: 1, RewardPaidFen: 5_000 });
    expect(log).not.toHaveBeenCalled();
  });

  it('goes through logLine in local stages (quiet in the tests, in the run log file)', () => {
    const printed: string[] = [];
    const level = process.env.LOG_LEVEL;
    delete process.env.LOG_LEVEL;
    const log = jest.spyOn(console, 'log').mockImplementation((text: string) => void printed.push(text));
    try {
      emfMetrics('local').count('LetterIssued', 1, { kind: 'supervision_letter' });
    } finally {
      log.mockRestore();
      process.env.LOG_LEVEL = level;
    }
    expect(printed).toHaveLength(1);
    const line = JSON.parse(printed[0]!);
    expectValidEmf(line);
    expect(valuesOf(line)).toEqual({ stage: 'local', kind: 'supervision_letter', LetterIssued: 1 });
  });

  it('never fails the work it counts', () => {
    const broken = emfMetrics('prod', () => {
      throw new Error('stdout closed');
    });
    expect(() => broken.count('HazardReported', 1, { source: 'public' })).not.toThrow();
  });

  it('counts NearTimeout only under a fifth of the time the invocation started with', () => {
    const m = emfMetrics('test', (line) => lines.push(line));
    expect(noteNearTimeout(m, 'dashboard', 10_000, 2_500)).toBe(false);
    expect(noteNearTimeout(m, 'dashboard', 10_000, 2_000)).toBe(false);
    expect(noteNearTimeout(m, 'dashboard', undefined, 10)).toBe(false);
    expect(noteNearTimeout(m, 'dashboard', 10_000, 1_999)).toBe(true);
    expect(seen('NearTimeout')).toEqual([{ stage: 'test', function: 'dashboard', NearTimeout: 1 }]);
  });
});

describe('business events, counted once each where they are recorded', () => {
  const review = async (id: string) =>
    invoke(reviewReward, { method: 'POST', token: await token('sup-s1'), params: { id }, body: { action: 'approve', amountFen: 5_000, version: (await rewardOf(id))!.version } });

  it('RewardPaid with its fen, once per payout: a replayed request is not a second payout', async () => {
    const id = await confirmedReport(await newReporter('public'));
    await review(id);
    const body = { channel: 'cash', voucherNo: 'XJ-METRICS-1', version: (await rewardOf(id))!.version };
    const pay = async () => invoke(payReward, { method: 'POST', token: await token('sup-s1'), params: { id }, body });
    expect((await pay()).status).toBe(200);
    expect((await pay()).status).toBe(200);
    expect(seen('RewardPaid')).toEqual([{ stage: 'test', channel: 'cash', RewardPaid: 1, RewardPaidFen: 5_000 }]);
    lines.forEach((l) => expectValidEmf(l));
  });

  it('RewardPaid for a WeChat transfer when its success is recorded, not when it is sent', async () => {
    const payByWechat = async (outcome: typeof payments.outcome) => {
      const id = await confirmedReport(await newReporter('public'));
      await review(id);
      payments.outcome = outcome;
      try {
        const res = await invoke(payReward, { method: 'POST', token: await token('sup-s1'), params: { id }, body: { channel: 'wechat', version: (await rewardOf(id))!.version } });
        expect(res.status).toBe(200);
      } finally {
        payments.outcome = 'confirm';
      }
      return (await rewardOf(id))!.state;
    };
    // Sent, waiting for the reporter to confirm it in WeChat: not paid yet.
    expect(await payByWechat('confirm')).toBe('paying');
    expect(seen('RewardPaid')).toEqual([]);
    expect(await payByWechat('success')).toBe('paid');
    expect(seen('RewardPaid')).toEqual([{ stage: 'test', channel: 'wechat', RewardPaid: 1, RewardPaidFen: 5_000 }]);
  });

  it('LetterIssued by kind, once per letter; an enforcement clue is not a letter', async () => {
    await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
    const sweepAt = (days: number) => escalateOverdue({ ...deps(), clock: { now: () => new Date(Date.now() + days * 86_400_000) } });
    // Every hazard this file confirmed falls due with this one: count by what the sweeps say they took.
    const taken = [await sweepAt(9), await sweepAt(9), await sweepAt(14), await sweepAt(19)];
    const total = (kind: string) => taken.reduce((n, t) => n + (t[kind] ?? 0), 0);
    expect(taken[1]).toEqual({ risk_letter: 0, supervision_letter: 0, enforcement_clue: 0 });
    expect(total('risk_letter')).toBeGreaterThan(0);
    expect(total('supervision_letter')).toBeGreaterThan(0);
    expect(total('enforcement_clue')).toBeGreaterThan(0);
    const byKind = (kind: string) => seen('LetterIssued').filter((l) => l.kind === kind);
    expect(byKind('risk_letter')).toEqual(Array(total('risk_letter')).fill({ stage: 'test', kind: 'risk_letter', LetterIssued: 1 }));
    expect(byKind('supervision_letter')).toEqual(Array(total('supervision_letter')).fill({ stage: 'test', kind: 'supervision_letter', LetterIssued: 1 }));
    expect(seen('LetterIssued')).toHaveLength(total('risk_letter') + total('supervision_letter'));
    lines.forEach((l) => expectValidEmf(l));
  });

  it('HazardReported by source, once per stored report (a retried report is not a second one)', async () => {
    const { reportHazard } = await import('../src/usecases/hazards');
    const { storedReportBody } = await import('./hazard-support');
    const { actorOf } = await import('./reward-support');
    const body = await storedReportBody('pub-1');
    await reportHazard(deps(), actorOf('pub-1'), body as never);
    await reportHazard(deps(), actorOf('pub-1'), body as never);
    expect(seen('HazardReported')).toEqual([{ stage: 'test', source: 'public', HazardReported: 1 }]);
  });
});

describe('NearTimeout from the stacks', () => {
  /** A Lambda context whose remaining time reads `values` in turn (the last one repeats). */
  const contextLeaving = (...values: number[]) =>
    ({ awsRequestId: randomUUID(), getRemainingTimeInMillis: () => (values.length > 1 ? values.shift()! : values[0]!) }) as unknown as Context;
  const meEvent = async () =>
    ({
      version: '2.0',
      rawPath: '/me',
      headers: { authorization: `Bearer ${await token('admin-d')}` },
      requestContext: { http: { method: 'GET', path: '/me' }, requestId: randomUUID() },
    }) as unknown as APIGatewayProxyEventV2;

  it('counts a request that ended with under 20% of its time left, by route', async () => {
    expect((await me(await meEvent(), contextLeaving(10_000, 9_000))).statusCode).toBe(200);
    expect(seen('NearTimeout')).toEqual([]);
    expect((await me(await meEvent(), contextLeaving(10_000, 1_500))).statusCode).toBe(200);
    expect(seen('NearTimeout')).toEqual([{ stage: 'test', function: 'me', NearTimeout: 1 }]);
  });

  it('counts a refused request too (the stack ends in onError)', async () => {
    const event = { ...(await meEvent()), headers: {} } as APIGatewayProxyEventV2;
    expect((await me(event, contextLeaving(10_000, 100))).statusCode).toBe(401);
    expect(seen('NearTimeout')).toEqual([{ stage: 'test', function: 'me', NearTimeout: 1 }]);
  });

  it('counts a schedule that ended with under 20% of its time left, by function', async () => {
    await escalateOverdueJob({}, contextLeaving(300_000, 240_000));
    expect(seen('NearTimeout')).toEqual([]);
    await escalateOverdueJob({}, contextLeaving(300_000, 30_000));
    expect(seen('NearTimeout')).toEqual([{ stage: 'test', function: 'escalateOverdue', NearTimeout: 1 }]);
  });

  it('throws what a job cannot do, for Lambda to retry and then send to the on-failure queue', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(processImportJob({}, contextLeaving(900_000))).rejects.toThrow('event without jobId');
      expect(error).toHaveBeenCalledWith(expect.stringContaining('"route":"processImport"'));
    } finally {
      error.mockRestore();
    }
  });
});
