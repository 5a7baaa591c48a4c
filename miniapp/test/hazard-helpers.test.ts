import { formatYuan, yuanToFen } from '../src/lib/money';
import { addDays, formatDate, formatTime, today } from '../src/lib/time';
import { fieldErrors, moveLabels } from '../src/packageHazard/lib';

test('yuan typed → integer fen, exactly (no floating point on the way)', () => {
  expect(yuanToFen('1500.50')).toBe(150050);
  expect(yuanToFen('1500.5')).toBe(150050);
  expect(yuanToFen('1500')).toBe(150000);
  expect(yuanToFen('0.07')).toBe(7);
  expect(yuanToFen('1,234.56')).toBe(123456);
  expect(yuanToFen(' 19.99 ')).toBe(1999);
  for (const bad of ['', '12.345', '-5', 'abc', '1.2.3', '.5']) expect(yuanToFen(bad)).toBeUndefined();
});

test('fen shown as yuan', () => {
  expect(formatYuan(150050)).toBe('1,500.50 元');
  expect(formatYuan(7)).toBe('0.07 元');
  expect(formatYuan(123456789)).toBe('1,234,567.89 元');
});

test('times in Asia/Shanghai whatever the zone of the machine', () => {
  expect(formatTime('2026-11-20T16:30:00.000Z')).toBe('2026-11-21 00:30');
  expect(formatDate('2026-11-20T16:30:00.000Z')).toBe('2026-11-21');
  expect(today(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  expect(addDays('2026-11-23', 30)).toBe('2026-12-23');
  expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  expect(formatTime('not a time')).toBe('not a time');
});

test("the API's field errors keyed as the move forms show them, with the field's Chinese label", () => {
  const labels = moveLabels('submitPlan');
  expect(labels).toMatchObject({ measures: '整改措施', costFen: '整改资金', deadline: '完成期限', interimMeasures: '整改期间安全措施' });
  expect(fieldErrors({ 'move.plan.costFen': 'costFen：应为整数（分）', 'move.photos.0': '照片编号不正确' }, labels)).toEqual({
    costFen: '整改资金：应为整数（分）',
    photos: '照片编号不正确',
  });
});
