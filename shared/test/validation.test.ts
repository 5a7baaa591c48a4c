import { CreateAreaBody, CreateUserBody, maskPhone, validate } from '../src';

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
    const r = validate(CreateUserBody, { id: '01JD0000000000000000000000', name: '张三', grants: [{ role: 'boss' }] });
    expect(r.ok || Object.keys(r.fields)).toEqual(['grants.0.role']);
  });

  it('returns the parsed value when valid', () => {
    const r = validate(CreateAreaBody, { parent: 'a/b', code: 'c', name: ' 名 ', level: 'grid' });
    expect(r).toEqual({ ok: true, data: { parent: 'a/b', code: 'c', name: '名', level: 'grid' } });
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('*****');
  });
});
