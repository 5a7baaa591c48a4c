import Taro from '@tarojs/taro';
import { waitFor } from '@testing-library/react';
import { askThen, askToNotify, forgetNotices, noticesToAsk, rememberNotices } from '../src/lib/notify';
import { reset, signIn, stubNetwork } from './helpers';
import { publicUser } from './hazard-fixtures';
import { NOTICES } from './notice-fixtures';

afterEach(() => {
  forgetNotices();
  process.env.TARO_ENV = 'h5';
  reset();
});

const posted = (sent: { url: string; method?: string; data?: unknown }[]) => sent.filter((s) => s.method === 'POST' && new URL(s.url).pathname === '/me/subscriptions').map((s) => s.data);

describe('which templates one dialog asks for', () => {
  it('those configured, at most 3, never one-time and long-term together, not a long-term one already accepted', () => {
    const longTerm = NOTICES.map((n) => (n.kind === 'recheckDue' || n.kind === 'newReport' ? { ...n, longTerm: true } : n));
    expect(noticesToAsk(['newReport', 'recheckDue'], NOTICES).map((n) => n.templateId)).toEqual(['tpl-new-report', 'tpl-recheck']);
    expect(noticesToAsk(['newReport', 'hazardAssigned', 'recheckDue', 'hazardOutcome'], NOTICES)).toHaveLength(3);
    // One-time first: the long-term ones wait for another tap.
    expect(noticesToAsk(['newReport', 'hazardOutcome'], longTerm).map((n) => n.kind)).toEqual(['hazardOutcome']);
    expect(noticesToAsk(['newReport', 'recheckDue'], longTerm).map((n) => n.kind)).toEqual(['newReport', 'recheckDue']);
    const accepted = longTerm.map((n) => (n.kind === 'newReport' ? { ...n, left: 1 } : n));
    expect(noticesToAsk(['newReport', 'recheckDue'], accepted).map((n) => n.kind)).toEqual(['recheckDue']);
    // A kind this deployment has no template for is not asked.
    expect(noticesToAsk(['enforcementClue'], NOTICES.filter((n) => n.kind !== 'enforcementClue'))).toEqual([]);
  });
});

describe('askToNotify', () => {
  it('in WeChat: opens the dialog within the call (the tap), then tells the server what was accepted', async () => {
    process.env.TARO_ENV = 'weapp';
    signIn(publicUser);
    const sent = stubNetwork({ 'POST /me/subscriptions': { statusCode: 200, data: { notices: NOTICES } } });
    rememberNotices(NOTICES);
    const dialog = jest.spyOn(Taro, 'requestSubscribeMessage').mockImplementation((() => Promise.resolve({ errMsg: 'ok', 'tpl-new-report': 'accept', 'tpl-recheck': 'accept' })) as never);
    const answered = askToNotify(['newReport', 'recheckDue']);
    expect(dialog).toHaveBeenCalledWith({ tmplIds: ['tpl-new-report', 'tpl-recheck'] });
    await answered;
    await waitFor(() => expect(posted(sent)).toEqual([{ id: expect.stringMatching(/^[0-9A-Z]{26}$/), accepted: ['newReport', 'recheckDue'] }]));
  });

  it('a refusal or a failing dialog tells nothing and never rejects; what the tap opens still opens', async () => {
    process.env.TARO_ENV = 'weapp';
    signIn(publicUser);
    const sent = stubNetwork({});
    rememberNotices(NOTICES);
    jest.spyOn(Taro, 'requestSubscribeMessage').mockImplementation((() => Promise.resolve({ errMsg: 'ok', 'tpl-clue': 'reject' })) as never);
    await expect(askToNotify(['enforcementClue'])).resolves.toBeUndefined();
    jest.spyOn(Taro, 'requestSubscribeMessage').mockImplementation((() => Promise.reject({ errMsg: 'requestSubscribeMessage:fail' })) as never);
    const go = jest.fn();
    askThen(['enforcementClue'], go);
    await waitFor(() => expect(go).toHaveBeenCalledTimes(1));
    expect(posted(sent)).toEqual([]);
  });

  it('in H5 (no such dialog) and before the templates are known: asks nothing and goes on at once', () => {
    signIn(publicUser);
    stubNetwork({});
    const dialog = jest.spyOn(Taro, 'requestSubscribeMessage');
    rememberNotices(NOTICES);
    const go = jest.fn();
    askThen(['hazardOutcome'], go);
    expect(go).toHaveBeenCalledTimes(1);
    process.env.TARO_ENV = 'weapp';
    forgetNotices();
    askThen(['hazardOutcome'], go);
    expect(go).toHaveBeenCalledTimes(2);
    expect(dialog).not.toHaveBeenCalled();
  });
});
