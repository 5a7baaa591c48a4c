import fc from 'fast-check';
import {
  ASSESSMENT_PARTS,
  type AssessmentMetrics,
  type AssessmentWeights,
  AssessmentWeightsSchema,
  AssessmentsQuery,
  DEFAULT_ASSESSMENT_WEIGHTS,
  SetAssessmentWeightsBody,
  recheckDayBucket,
  rechecksOnTimeOf,
  scoreOf,
  suggestedLevel,
  validate,
} from '../src';

const perfect: AssessmentMetrics = { months: 1, visits: 8, enterprises: 10, covered: 10, hazardsFound: 2, rechecks: 4, rechecksOnTime: 4, overdue: 0, fileUpdates: 10 };

describe('the weights', () => {
  it('the defaults are valid and add up to 100', () => {
    expect(AssessmentWeightsSchema.parse(DEFAULT_ASSESSMENT_WEIGHTS)).toEqual(DEFAULT_ASSESSMENT_WEIGHTS);
    expect(ASSESSMENT_PARTS.reduce((n, p) => n + DEFAULT_ASSESSMENT_WEIGHTS.points[p], 0)).toBe(100);
  });

  it('weights that do not add up to 100 name the weights', () => {
    const r = validate(SetAssessmentWeightsBody, { district: '370911', version: 0, weights: { ...DEFAULT_ASSESSMENT_WEIGHTS, points: { ...DEFAULT_ASSESSMENT_WEIGHTS.points, visits: 20 } } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fields['weights.points']).toBe('各项权重：五项权重合计应为100分，请调整后保存');
  });

  it('a weight out of 0–100, rechecks beyond 10 days, a level line below the next are refused by name', () => {
    const r = validate(SetAssessmentWeightsBody, {
      district: '370911',
      version: 0,
      weights: { ...DEFAULT_ASSESSMENT_WEIGHTS, points: { ...DEFAULT_ASSESSMENT_WEIGHTS.points, overdue: -5 }, level1From: 50, recheckWithinDays: 11 },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.fields['weights.points.overdue']).toBe('逾期隐患（扣分）权重：不能小于0分');
      expect(r.fields['weights.recheckWithinDays']).toBe('复查时限：不能超过10天');
    }
    const lines = validate(AssessmentWeightsSchema, { ...DEFAULT_ASSESSMENT_WEIGHTS, level1From: 50 });
    expect(lines.ok).toBe(false);
    if (!lines.ok) expect(lines.fields.level1From).toBe('一级分数线：应高于二级分数线');
  });

  it('an assessment covers at most 12 months', () => {
    expect(validate(AssessmentsQuery, { area: '370911', from: '2026-01', to: '2026-12' }).ok).toBe(true);
    const r = validate(AssessmentsQuery, { area: '370911', from: '2025-12', to: '2026-12' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fields.from).toContain('一次最多考核12个月');
  });
});

describe('the score', () => {
  it('all targets met scores 100 and suggests level 1; nothing done with overdue scores 0 and suggests level 3', () => {
    expect(scoreOf(perfect, DEFAULT_ASSESSMENT_WEIGHTS)).toBe(100);
    expect(suggestedLevel(100, DEFAULT_ASSESSMENT_WEIGHTS)).toBe(1);
    const idle = { ...perfect, visits: 0, covered: 0, hazardsFound: 0, rechecksOnTime: 0, overdue: 5, fileUpdates: 0 };
    expect(scoreOf(idle, DEFAULT_ASSESSMENT_WEIGHTS)).toBe(0);
    expect(suggestedLevel(0, DEFAULT_ASSESSMENT_WEIGHTS)).toBe(3);
    expect(suggestedLevel(60, DEFAULT_ASSESSMENT_WEIGHTS)).toBe(2);
    expect(suggestedLevel(84.9, DEFAULT_ASSESSMENT_WEIGHTS)).toBe(2);
  });

  it('each part earns its points in proportion', () => {
    // half the visits' target, full coverage: 30 × 0.75; one overdue of five: 15 × 0.8
    const m = { ...perfect, visits: 4, overdue: 1 };
    expect(scoreOf(m, DEFAULT_ASSESSMENT_WEIGHTS)).toBe(Math.round((22.5 + 20 + 20 + 12 + 15) * 10) / 10);
    // the weights move the score: all the points on overdue
    const onlyOverdue: AssessmentWeights = { ...DEFAULT_ASSESSMENT_WEIGHTS, points: { visits: 0, hazards: 0, rechecks: 0, overdue: 100, updates: 0 } };
    expect(scoreOf(m, onlyOverdue)).toBe(80);
  });

  it('rechecks on time count the days up to the limit', () => {
    expect(rechecksOnTimeOf([1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 5], 3)).toBe(6);
    expect(recheckDayBucket('2026-11-01T10:00:00Z', '2026-11-04T09:59:59Z')).toBe(2);
    expect(recheckDayBucket('2026-11-01T10:00:00Z', '2026-11-04T10:00:00Z')).toBe(3);
    expect(recheckDayBucket('2026-11-01T10:00:00Z', '2027-01-01T10:00:00Z')).toBe(10);
  });

  const weightsArb = fc
    .tuple(fc.nat(100), fc.nat(100), fc.nat(100), fc.nat(100))
    .map((cuts) => {
      const s = [0, ...cuts.sort((a, b) => a - b), 100];
      const [visits, hazards, rechecks, overdue, updates] = s.slice(1).map((v, i) => v - s[i]!) as [number, number, number, number, number];
      return { ...DEFAULT_ASSESSMENT_WEIGHTS, points: { visits, hazards, rechecks, overdue, updates } };
    })
    .chain((w) => fc.record({ visitsPerMonth: fc.integer({ min: 1, max: 20 }), hazardsPerMonth: fc.integer({ min: 1, max: 10 }), overdueLimit: fc.integer({ min: 1, max: 10 }) }).map((t) => ({ ...w, ...t })));
  const metricsArb = fc
    .record({ months: fc.integer({ min: 1, max: 12 }), visits: fc.nat(200), enterprises: fc.nat(60), covered: fc.nat(60), hazardsFound: fc.nat(50), rechecks: fc.nat(30), rechecksOnTime: fc.nat(30), overdue: fc.nat(20), fileUpdates: fc.nat(300) })
    .map((m) => ({ ...m, covered: Math.min(m.covered, m.enterprises), rechecksOnTime: Math.min(m.rechecksOnTime, m.rechecks) }));

  it('property: the score stays in 0–100, rises with each thing done and falls with each overdue hazard', () => {
    fc.assert(
      fc.property(weightsArb, metricsArb, fc.integer({ min: 1, max: 10 }), (w, m, k) => {
        expect(AssessmentWeightsSchema.safeParse(w).success).toBe(true);
        const s = scoreOf(m, w);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(100);
        const more: AssessmentMetrics[] = [
          { ...m, visits: m.visits + k },
          { ...m, covered: Math.min(m.enterprises, m.covered + k) },
          { ...m, hazardsFound: m.hazardsFound + k },
          { ...m, rechecksOnTime: Math.min(m.rechecks, m.rechecksOnTime + k) },
          { ...m, fileUpdates: m.fileUpdates + k },
        ];
        for (const better of more) expect(scoreOf(better, w)).toBeGreaterThanOrEqual(s);
        expect(scoreOf({ ...m, overdue: m.overdue + k }, w)).toBeLessThanOrEqual(s);
        // a level never gets worse as the score rises
        expect(suggestedLevel(s + k, w)).toBeLessThanOrEqual(suggestedLevel(s, w));
      }),
      { numRuns: 300 },
    );
  });
});
