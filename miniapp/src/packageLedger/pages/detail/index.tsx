import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { type EnterpriseField, type EnterpriseView, type HistoryEntry, isWithin } from '@safegrid/shared';
import { ApiError, call, messageOf, showError } from '../../../api/client';
import { ACCOUNT_PAGES, CHECK_PAGES, LEDGER_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { grantsFor } from '../../../lib/session';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Kv } from '../../../components/Kv';
import { RiskTag } from '../../components/RiskTag';
import { Photos } from '../../components/Photos';
import { formatTime } from '../../../lib/time';
import { FIELD_ORDER, HISTORY_KIND_LABELS, label } from '../../lib';
import { PrivacyPrompt } from '../../../components/PrivacyPrompt';
import '../../ledger.css';

type Contact = EnterpriseView['contacts'][number];
const contactText = (c: Contact) => [c.name, c.title, c.phone].filter(Boolean).join(' · ');

function valueOf(e: EnterpriseView, f: EnterpriseField): string {
  switch (f) {
    case 'uscc':
      return e.uscc ?? '无统一社会信用代码';
    case 'area':
      // The grid's name, never its path (370911/s1/…): an id is nobody's to read.
      return e.areaName ?? '—';
    case 'riskClass':
      return e.riskClass;
    case 'tags':
      return e.tags.length ? e.tags.join('、') : '无';
    case 'safetyManager':
      return e.safetyManager ? contactText(e.safetyManager) : '未填写';
    case 'contacts':
      return e.contacts.length ? `${e.contacts.length} 位（见下）` : '无';
    case 'employees':
      return `${e.employees} 人`;
    case 'guaranteeLeaderId':
      return e.guaranteeLeaderName ?? (e.guaranteeLeaderId ? '已指定（姓名未知）' : '未指定');
    default:
      return String(e[f] ?? '');
  }
}

function History({ entries }: { entries: HistoryEntry[] }) {
  if (entries.length === 0) return <Empty size="small" title="暂无变更记录" />;
  return (
    <View>
      {entries.map((h, i) => (
        <View key={`${h.at}-${i}`} className="history-item">
          <View className="history-head">
            <Text>{`${HISTORY_KIND_LABELS[h.kind]} · ${h.byName} · ${formatTime(h.at)}`}</Text>
          </View>
          {h.changes.map((c) => (
            <View key={c.field} className="history-change">
              <Text>{`${c.label}：${c.from || '（空）'} → ${c.to || '（空）'}`}</Text>
            </View>
          ))}
          {h.kind === 'verify' && h.changes.length === 0 ? (
            <View className="history-change">
              <Text>现场核实，无变化</Text>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}

/** 企业档案: every field, the contacts, the history; edit and (gridworkers) verify; a gridworker of its grid starts a site check here, as often as they visit. */
export default function LedgerDetail() {
  const { user, role } = useSession();
  const id = queryParam(useRouter().params.id);
  const [data, setData] = useState<{ enterprise: EnterpriseView; history: HistoryEntry[] }>();
  const [error, setError] = useState('');
  const [verifying, setVerifying] = useState(false);

  const load = () => {
    if (!id) return setError('缺少企业编号');
    setError('');
    call('getEnterprise', { params: { id } })
      .then(setData)
      .catch((e: unknown) => setError(messageOf(e)));
  };
  useDidShow(() => {
    if (user) load();
  });

  if (!user) return <View className="page" />;
  if (!data) {
    return (
      <View className="page">
        {error ? <Empty status="error" title="加载失败" description={error} /> : <View className="card muted">加载中…</View>}
      </View>
    );
  }
  const e = data.enterprise;
  // The gridworker whose grid or micro-grid holds the file: 开始检查, as 应检企业 starts it (the check counts as the monthly update).
  const checks = role === 'gridworker' && grantsFor(user, 'gridworker').some((g) => g.area && isWithin(e.area, g.area));

  const verify = async () => {
    setVerifying(true);
    try {
      const res = await call('updateEnterprise', { params: { id: e.id }, body: { version: e.version, changes: {}, verified: true } });
      setData(res);
      void Taro.showToast({ title: '已核实', icon: 'success' });
    } catch (err) {
      showError(err);
      if (err instanceof ApiError && err.status === 409) load();
    } finally {
      setVerifying(false);
    }
  };

  return (
    <View className="page">
      <Hero title={e.name} sub={`${e.uscc ?? '无统一社会信用代码'} · ${e.industry}`}>
        <View className="hero-tags">
          <RiskTag risk={e.riskClass} />
          <Text className="due-badge">{e.status}</Text>
          {e.updateDue ? <Text className="due-badge">待更新</Text> : null}
        </View>
      </Hero>
      {e.updateDue ? <View className="notice">本档案已超过30天未核实，请尽快完成月度更新。</View> : null}
      <View className="section-title">基本信息</View>
      {FIELD_ORDER.map((f) => (
        <Kv key={f} k={label(f)} v={valueOf(e, f)} />
      ))}
      <Kv k="最近核实" v={formatTime(e.verifiedAt)} />
      <View className="section-title">联系人</View>
      {e.contacts.length === 0 ? <Empty size="small" title="暂无联系人" /> : null}
      {e.contacts.map((c, i) => (
        <Kv key={`${c.name}-${i}`} k={c.title || `联系人 ${i + 1}`} v={`${c.name} ${c.phone}`} />
      ))}
      <View className="section-title">照片</View>
      <Photos enterprise={e} onSaved={setData} onStale={load} />
      {e.editable.some((f) => f !== 'photos') ? (
        <View className="actions">
          <Button block type="primary" onClick={() => void Taro.navigateTo({ url: pageUrl(LEDGER_PAGES.edit, { id: e.id }) })}>
            编辑
          </Button>
          {role === 'gridworker' ? (
            <View style={{ marginTop: '12px' }}>
              <Button block type="success" fill="outline" loading={verifying} onClick={() => void verify()}>
                核实无变化
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
      {checks ? (
        <View className="actions">
          <Button block type="primary" onClick={() => void Taro.navigateTo({ url: pageUrl(CHECK_PAGES.check, { enterpriseId: e.id, name: e.name }) })}>
            开始检查
          </Button>
        </View>
      ) : null}
      {role === 'admin' || role === 'supervisor' || role === 'gridworker' ? (
        <View className="actions">
          <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: pageUrl(ACCOUNT_PAGES.invitations, { enterpriseId: e.id, enterpriseName: e.name }) })}>
            邀请企业负责人
          </Button>
        </View>
      ) : null}
      <View className="section-title">变更记录</View>
      <History entries={data.history} />
      <PrivacyPrompt />
    </View>
  );
}
