import { NOTICE_FIELDS, NOTICE_KINDS, noticeTime, noticeValueProblem, phrase, thing } from '../src/notices';

describe('subscribe-message values within WeChat’s limits', () => {
  it('thing: one line of at most 20 characters, cut with an ellipsis', () => {
    expect(thing('三楼消防通道被杂物堵塞，\n安全出口上锁并且无人值守很久了')).toBe('三楼消防通道被杂物堵塞， 安全出口上锁…');
    expect(thing('三楼消防通道被杂物堵塞，\n安全出口上锁并且无人值守很久了')).toHaveLength(20);
    expect(noticeValueProblem('thing1', thing('x'.repeat(50)))).toBeUndefined();
    expect(thing('  ')).toBe('—');
  });

  it('phrase: at most 5 Chinese characters and nothing else', () => {
    expect(phrase('待报整改方案')).toBe('待报整改方');
    expect(phrase('已发放 ¥50')).toBe('已发放');
    expect(noticeValueProblem('phrase3', '执法处置中')).toBeUndefined();
    expect(noticeValueProblem('phrase3', '已发放 ¥50')).toBeDefined();
  });

  it('time: the moment in Asia/Shanghai with its date; a bare date is refused for a time field but fine for a date field', () => {
    expect(noticeTime('2026-11-22T16:05:00.000Z')).toBe('2026-11-23 00:05');
    expect(noticeValueProblem('time2', '2026-11-23 00:05')).toBeUndefined();
    expect(noticeValueProblem('time2', '2026-11-23')).toBeDefined();
    expect(noticeValueProblem('date3', '2026-11-23')).toBeUndefined();
    expect(noticeValueProblem('date3', '下周一')).toBeDefined();
  });

  it('names fields of each kind by WeChat’s types', () => {
    expect(Object.keys(NOTICE_FIELDS).sort()).toEqual([...NOTICE_KINDS].sort());
    for (const fields of Object.values(NOTICE_FIELDS)) for (const key of Object.keys(fields)) expect(key).toMatch(/^(thing|phrase|time|date)\d+$/);
  });
});
