import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { type ResponseOf, parseLetterCode } from '@safegrid/shared';
import { ApiError, call, messageOf } from '../../../api/client';
import { queryParam } from '../../../lib/routes';
import { Field } from '../../../components/Field';
import { Hero } from '../../../components/Hero';
import { Kv } from '../../../components/Kv';
import '../../commitment.css';

type Verify = ResponseOf<'verifyCommitment'>;
type Outcome = { kind: 'checked'; result: Verify } | { kind: 'not-found'; message: string } | { kind: 'error'; message: string };

const BAD_NUMBER = '编号格式不正确：请输入承诺书 PDF 上“校验编号”一栏的内容，或扫描其二维码';

/**
 * 承诺书校验, for anyone (signed in or not): the letter's QR code (`?code=` or `?scene=`, or 扫码 here)
 * or its number typed in, checked by the server against the stored record. Shows only whether it is
 * intact, the enterprise, the year and the day it was signed: never the signer nor the signature.
 */
export default function CommitmentVerify() {
  const params = useRouter().params;
  const given = queryParam(params.code) || queryParam(params.scene);
  const [text, setText] = useState(given);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  const check = async (value: string) => {
    setOutcome(undefined);
    const code = parseLetterCode(value);
    if (!code) return setError(value.trim() ? BAD_NUMBER : '请输入承诺书编号，或扫描承诺书上的二维码');
    setError('');
    setBusy(true);
    try {
      const result = await call('verifyCommitment', { params: { id: code.id, key: code.key }, query: code.hash ? { hash: code.hash } : {} });
      setOutcome({ kind: 'checked', result });
    } catch (e) {
      setOutcome(e instanceof ApiError && e.status === 404 ? { kind: 'not-found', message: e.message } : { kind: 'error', message: messageOf(e) });
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (given) void check(given);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const scan = async () => {
    try {
      const { result } = await Taro.scanCode({ scanType: ['qrCode'] });
      setText(result);
      await check(result);
    } catch {
      // Cancelled, or no camera (H5): the number can still be typed.
    }
  };

  const r = outcome?.kind === 'checked' ? outcome.result : undefined;
  return (
    <View className="page cm-page">
      <Hero title="承诺书校验" sub="扫描承诺书上的二维码，或输入校验编号" />
      <Field label="校验编号" name="code" value={text} placeholder="如 企业编号-2026-…-v1" error={error} onChange={setText} />
      <View className="actions cm-buttons">
        <Button className="cm-verify-btn" size="large" type="primary" loading={busy} onClick={() => void check(text)}>
          校验
        </Button>
        <Button size="large" type="primary" fill="outline" disabled={busy} onClick={() => void scan()}>
          扫码
        </Button>
      </View>
      {r ? (
        <View className="cm-hash-box">
          <View className={`cm-verify ${r.valid ? 'cm-verify-ok' : 'cm-verify-bad'}`}>
            <Text>{r.valid ? '校验通过：承诺书真实有效，内容未被改动 ✓' : '校验失败：记录已被改动，与签署时不一致'}</Text>
          </View>
          <Kv k="承诺单位" v={r.enterpriseName} />
          <Kv k="年度" v={`${r.year}年度`} />
          <Kv k="签署日期" v={r.signedOn} />
        </View>
      ) : null}
      {outcome?.kind === 'not-found' ? (
        <View className="cm-hash-box">
          <View className="cm-verify cm-verify-bad">
            <Text>{`未找到：${outcome.message}`}</Text>
          </View>
        </View>
      ) : null}
      {outcome?.kind === 'error' ? <View className="field-error">{outcome.message}</View> : null}
    </View>
  );
}
