import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { type SignedContent, answersProblem, canonicalJson, commitmentYear, letterNumber, obligationKey, parseLetterCode } from '../src';

const hash = (c: SignedContent) => createHash('sha256').update(canonicalJson(c)).digest('hex');
const content: SignedContent = {
  enterpriseId: 'ent-1',
  enterpriseName: '测试企业1',
  year: 2026,
  templateId: '01JTEMPLATE0000000000000000',
  templateVersion: 1,
  colour: '黄',
  title: '工贸企业安全生产告知承诺书',
  notice: [{ kind: 'paragraph', text: '你单位是安全生产的责任主体。' }],
  selfCheck: [{ id: 'q1', text: '安全出口畅通' }],
  commitment: [{ kind: 'list', items: ['严格遵守安全生产法律法规。'] }],
  answers: [{ itemId: 'q1', answer: 'yes' }],
  signaturePng: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]).toString('base64'),
  signerId: 'owner-1',
  signerName: '企业主甲',
  signedAt: '2026-11-23T08:00:00.000Z',
};

describe('the canonical form of a signed letter', () => {
  it('gives the same bytes whatever the key order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(Object.keys(content), { minLength: Object.keys(content).length }), (keys) => {
        const shuffled = Object.fromEntries(keys.map((k) => [k, content[k as keyof SignedContent]])) as unknown as SignedContent;
        expect(hash(shuffled)).toBe(hash(content));
      }),
    );
    expect(canonicalJson({ b: 1, a: [true, null, 'x'] })).toBe('{"a":[true,null,"x"],"b":1}');
  });

  it('changes with one character of the content, one answer or one byte of the signature', () => {
    const base = hash(content);
    expect(hash({ ...content, notice: [{ kind: 'paragraph', text: '你单位是安全生产的责任主体！' }] })).not.toBe(base);
    expect(hash({ ...content, answers: [{ itemId: 'q1', answer: 'na' }] })).not.toBe(base);
    const png = Buffer.from(content.signaturePng, 'base64');
    png.writeUInt8(png.readUInt8(6) ^ 1, 6);
    expect(hash({ ...content, signaturePng: png.toString('base64') })).not.toBe(base);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (s) => {
        fc.pre(s !== content.signerName);
        expect(hash({ ...content, signerName: s })).not.toBe(base);
      }),
    );
  });

  it('holds integers only, so no number can be written two ways', () => {
    expect(() => canonicalJson({ n: 1.5 })).toThrow();
  });
});

describe('what is owed', () => {
  it('is one letter per year and template version', () => {
    expect(obligationKey(2026, 'T', 2)).toBe('2026-T-v2');
    expect(commitmentYear('2026-12-31T16:00:00Z')).toBe(2027);
    expect(commitmentYear('2026-12-31T15:59:59Z')).toBe(2026);
  });

  it('needs every item answered exactly once', () => {
    const t = { selfCheck: [{ id: 'q1', text: 'a' }, { id: 'q2', text: 'b' }] };
    expect(answersProblem(t, [{ itemId: 'q1', answer: 'yes' }, { itemId: 'q2', answer: 'no' }])).toBeUndefined();
    expect(answersProblem(t, [{ itemId: 'q1', answer: 'yes' }])).toMatch(/1 项/);
    expect(answersProblem(t, [{ itemId: 'q1', answer: 'yes' }, { itemId: 'q1', answer: 'no' }])).toMatch(/重复/);
    expect(answersProblem(t, [{ itemId: 'q1', answer: 'yes' }, { itemId: 'q2', answer: 'no' }, { itemId: 'q9', answer: 'na' }])).toMatch(/不属于/);
  });
});

describe('checking a letter by its QR code or number (issue #21)', () => {
  const key = '2026-01JD0000000000000000000000-v2';
  const hash = 'a'.repeat(64);
  it('reads the QR code text and the number printed beside it, and nothing else', () => {
    expect(parseLetterCode(`safegrid:commitment:ent-1:${key}:${hash}`)).toEqual({ id: 'ent-1', key, hash });
    expect(letterNumber('ent-1', key)).toBe(`ent-1-${key}`);
    expect(parseLetterCode(` ent-1-${key} `)).toEqual({ id: 'ent-1', key });
    expect(parseLetterCode(`ent-1-${key.toLowerCase()}`)).toEqual({ id: 'ent-1', key });
    for (const bad of ['', 'ent-1', key, `safegrid:commitment:ent-1:${key}:xyz`, `https://example.com/${key}`]) expect(parseLetterCode(bad)).toBeUndefined();
  });
});
