import { CreateAreaBody, SetEscalationRulesBody, SetGrantsBody, maskPhone, personMatches, validate } from '../src';

describe('validate with the shared schemas', () => {
  it('names each field in Chinese', () => {
    const r = validate(CreateAreaBody, { parent: 'a b', code: '', name: '  ', level: 'x' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fields.parent).toBe('上级区域：区域编号格式不正确');
    expect(r.fields.code).toBe('编码：编码只能包含字母、数字、-、_，最多20位');
    expect(r.fields.name).toBe('名称：不能为空');
    expect(r.fields.level).toMatch(/^级别：/);
  });

  it('uses the zh-CN locale for type errors', () => {
    const r = validate(CreateAreaBody, { parent: 1, code: 'a', name: 'n', level: 'grid' });
    expect(r.ok || r.fields.parent).toMatch(/^上级区域：无效输入/);
  });

  it('refuses unknown fields by name', () => {
    const r = validate(CreateAreaBody, { parent: 'a', code: 'a', name: 'n', level: 'grid', admin: true });
    expect(r).toEqual({ ok: false, fields: { admin: '不支持的字段“admin”，请删除后重试' } });
  });

  it('reports nested fields with their path', () => {
    const r = validate(SetGrantsBody, { grants: [{ role: 'boss' }] });
    expect(r.ok || Object.keys(r.fields)).toEqual(['grants.0.role']);
  });

  it('returns the parsed value when valid', () => {
    const r = validate(CreateAreaBody, { parent: 'a/b', code: 'c', name: ' 名 ', level: 'grid' });
    expect(r).toEqual({ ok: true, data: { parent: 'a/b', code: 'c', name: '名', level: 'grid' } });
  });
});

describe('escalation steps', () => {
  const body = (days: number[]) => ({ district: '370911', version: 0, steps: days.map((d, i) => ({ kind: ['risk_letter', 'supervision_letter', 'enforcement_clue'][i], daysOverdue: d })) });
  it('names the step whose days do not grow, at its own field', () => {
    const r = validate(SetEscalationRulesBody, body([3, 3, 2]));
    expect(r).toEqual({ ok: false, fields: { 'steps.1.daysOverdue': '逾期天数：应大于上一步的逾期天数', 'steps.2.daysOverdue': '逾期天数：应大于上一步的逾期天数' } });
    expect(validate(SetEscalationRulesBody, body([0, 5, 10])).ok).toBe(true);
  });
  it('keeps the order of the kinds a message about the whole list', () => {
    const r = validate(SetEscalationRulesBody, { district: '370911', version: 0, steps: [{ kind: 'enforcement_clue', daysOverdue: 1 }, { kind: 'risk_letter', daysOverdue: 2 }] });
    expect(r.ok || Object.keys(r.fields)).toEqual(['steps']);
  });
});

describe('personMatches (the person picker’s search)', () => {
  const p = { name: '王建国', phone: '13911112222' };
  it('finds part of a name, or the last 4 to 11 digits of the phone', () => {
    expect(personMatches(p, '建国')).toBe(true);
    expect(personMatches(p, ' 2222 ')).toBe(true);
    expect(personMatches(p, '13911112222')).toBe(true);
    expect(personMatches(p, '1111')).toBe(false);
    expect(personMatches(p, '222')).toBe(false);
    expect(personMatches({ name: '李四' }, '2222')).toBe(false);
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('*****');
  });
});
