import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { CHECK_KIND_LABELS, PAY_CHANNEL_LABELS, type ResponseOf } from '@safegrid/shared';
import { call } from '../../../api/client';
import { errorText } from '../../../lib/files';
import { formatYuan } from '../../../lib/money';
import { PRIVACY_PAGES } from '../../../lib/routes';
import { formatTime, today } from '../../../lib/time';
import { Hero } from '../../../components/Hero';
import { Kv } from '../../../components/Kv';
import { saveJson } from '../../lib';
import '../../privacy.css';

type MyData = ResponseOf<'myData'>;

const more = (list: { more: boolean }) => (list.more ? <View className="muted actions">仅显示最近 100 条；如需全部记录，请联系区安全生产监管部门</View> : null);

/** 我的数据: everything we hold about the signed-in person, and 导出 as a JSON file (PIPL: see and copy). */
export default function MyDataPage() {
  const [data, setData] = useState<MyData>();
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  useDidShow(() => {
    call('myData')
      .then((res) => {
        setData(res);
        setError('');
      })
      .catch((e: unknown) => setError(errorText(e)));
  });

  const exportAll = async () => {
    if (!data) return;
    setSaving(true);
    try {
      await saveJson(`我的数据-${today()}.json`, data);
    } catch (e) {
      void Taro.showModal({ title: '导出失败', content: errorText(e), showCancel: false }).catch(() => undefined);
    } finally {
      setSaving(false);
    }
  };

  if (error) return <View className="page"><Empty description={error} /></View>;
  if (!data) return <View className="page" />;
  const { profile, hazards, rewards, signatures, checks } = data;
  return (
    <View className="page">
      <Hero title="我的数据" sub={`我们保存的关于您的信息（${formatTime(data.generatedAt)}）`} />
      <View className="section-title">个人信息</View>
      <Kv k="姓名" v={profile.name} />
      <Kv k="手机号" v={profile.phone ?? '未绑定'} />
      <Kv k="微信账号" v={profile.wechatBound ? '已关联（用于登录和奖励转账）' : '未关联'} />
      <Kv k="角色" v={profile.grants.map((g) => [g.roleLabel, g.enterpriseName ?? g.areaName].filter(Boolean).join(' · ')).join('；') || '无'} />

      <View className="section-title">我上报的隐患（{hazards.items.length}）</View>
      {hazards.items.length === 0 ? <Cell title="暂无" /> : null}
      {hazards.items.map((h) => (
        <Cell
          key={h.id}
          title={`${h.category}${h.anonymous ? '（匿名）' : ''}`}
          description={`${formatTime(h.createdAt)} · ${h.enterpriseName ?? h.location.address ?? '未关联企业'} · 照片 ${h.photos} 张`}
          extra={h.stateLabel}
        />
      ))}
      {more(hazards)}

      <View className="section-title">我的举报奖励（{rewards.items.length}）</View>
      {rewards.items.length === 0 ? <Cell title="暂无" /> : null}
      {rewards.items.map((r) => (
        <Cell
          key={r.id}
          title={r.amountFen !== undefined ? formatYuan(r.amountFen) : '金额待定'}
          description={[formatTime(r.createdAt), ...r.payouts.map((p) => `${p.kind === 'payout' ? '发放' : '冲回'} ${formatYuan(p.amountFen)}（${PAY_CHANNEL_LABELS[p.channel]}）`)].join(' · ')}
          extra={r.stateLabel}
        />
      ))}
      {more(rewards)}

      {signatures.items.length ? (
        <View>
          <View className="section-title">我签署的承诺书（{signatures.items.length}）</View>
          {signatures.items.map((s) => (
            <Cell key={`${s.enterpriseId}-${s.signedAt}`} title={s.title} description={`${s.enterpriseName} · ${formatTime(s.signedAt)} · 签名人 ${s.signerName}`} />
          ))}
          {more(signatures)}
        </View>
      ) : null}

      {checks.total ? (
        <View>
          <View className="section-title">我做的现场检查（共 {checks.total} 次）</View>
          {checks.items.map((c) => (
            <Cell key={c.id} title={c.enterpriseName ?? '企业'} description={`${CHECK_KIND_LABELS[c.kind]} · ${formatTime(c.submittedAt)}`} />
          ))}
          {more(checks)}
        </View>
      ) : null}

      <View className="actions">
        <Button block type="primary" loading={saving} onClick={exportAll}>
          导出全部（JSON 文件）
        </Button>
        <View className="muted entry-gap">
          <Text>如需更正或删除信息、注销账号，请按</Text>
          <Text className="link" onClick={() => void Taro.navigateTo({ url: PRIVACY_PAGES.policy })}>
            《隐私政策》
          </Text>
          <Text>中的方式联系我们。</Text>
        </View>
      </View>
    </View>
  );
}
