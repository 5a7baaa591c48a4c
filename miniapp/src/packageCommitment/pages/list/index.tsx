import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { ResponseOf } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { COMMITMENT_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatTime } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { ColourBand } from '../../components/Letter';
import { colourStyle, enterpriseOf } from '../../lib';
import '../../commitment.css';

type Data = ResponseOf<'enterpriseCommitments'>;

/**
 * 告知承诺: the letter the enterprise owes this year (its colour, title, 待签署: tap to read and sign)
 * and every letter it has signed (tap to see it as signed, check it, print it).
 */
export default function CommitmentList() {
  const { user } = useSession();
  const enterpriseId = enterpriseOf(user, queryParam(useRouter().params.enterpriseId));
  const [data, setData] = useState<Data>();
  const [error, setError] = useState('');

  const load = async () => {
    if (!enterpriseId) return setError('未关联企业：请联系管理员关联您的企业');
    setError('');
    try {
      setData(await call('enterpriseCommitments', { params: { id: enterpriseId } }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  // Again when coming back from signing.
  useDidShow(() => {
    if (user) void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => void Taro.stopPullDownRefresh());
  });

  if (!user) return <View className="page" />;
  const go = (url: string) => void Taro.navigateTo({ url });
  const owed = data?.owed;
  const signedThisYear = data ? data.signed.filter((s) => s.year === data.year) : [];

  return (
    <View className="page cm-page">
      <Hero title="告知承诺" sub={data ? `${data.enterprise.name} · ${data.year}年度` : '安全生产告知承诺书'} />
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!data && !error ? <View className="card muted">加载中…</View> : null}
      {error && enterpriseId ? (
        <View className="actions">
          <Button block size="large" type="primary" fill="outline" onClick={() => void load()}>
            重试
          </Button>
        </View>
      ) : null}
      {data ? (
        <View>
          <View className="section-title">{`${data.year}年度`}</View>
          {owed ? (
            <View
              className="cm-card cm-owed"
              style={{ borderLeftColor: colourStyle(owed.colour).border }}
              onClick={data.canSign ? () => go(pageUrl(COMMITMENT_PAGES.sign, { enterpriseId: data.enterprise.id })) : undefined}
            >
              <View className="row">
                <ColourBand colour={owed.colour} />
                <Text className="cm-badge-todo">待签署</Text>
              </View>
              <View className="cm-card-title">{owed.title}</View>
              <View className="muted">{`第 ${owed.version} 版 · 告知书、自查表（${owed.selfCheck.length} 项）、承诺书`}</View>
              <View className="cm-card-go">{data.canSign ? '阅读并签署 ›' : '待企业负责人签署'}</View>
            </View>
          ) : signedThisYear.length ? (
            <View className="card cm-done">
              <Text>{`✓ 本年度承诺书已签署`}</Text>
            </View>
          ) : (
            <Empty size="small" title="本年度暂无需要签署的承诺书" description="本区尚未发布适用于本企业行业的承诺书" />
          )}
          <View className="section-title">已签署</View>
          {data.signed.length === 0 ? <Empty size="small" title="暂无已签署的承诺书" /> : null}
          {data.signed.map((s) => (
            <View
              key={s.key}
              className="cm-card cm-signed"
              style={{ borderLeftColor: colourStyle(s.colour).border }}
              onClick={() => go(pageUrl(COMMITMENT_PAGES.signed, { enterpriseId: data.enterprise.id, key: s.key }))}
            >
              <View className="row">
                <Text className="cm-year">{`${s.year}年度`}</Text>
                <Text className="link">查看 ›</Text>
              </View>
              <View className="cm-card-title">{s.title}</View>
              <View className="muted">{`签署人：${s.signerName} · ${formatTime(s.signedAt)}`}</View>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
