import Taro, { useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { RESULT_LABELS, failed, type ResponseOf } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { errorText, openDocument } from '../../../lib/files';
import { HAZARD_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatTime } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Kv } from '../../../components/Kv';
import { PhotoGrid, previewPhotos } from '../../../components/PhotoGrid';
import { formatDistance, type Item } from '../../lib';
import '../../check.css';

type Check = ResponseOf<'getCheck'>['check'];
type Answer = Check['answers'][number];

/** What was found for one item, in words. */
function resultText(item: Item, a: Answer | undefined): string {
  if (!a) return '未填写';
  if (a.result === 'na') return RESULT_LABELS.na;
  if (item.kind === 'passfail') return a.result ? RESULT_LABELS[a.result] : '未填写';
  if (item.kind === 'number') {
    if (a.value === undefined) return '未填写';
    return `${a.value}${item.unit ? ` ${item.unit}` : ''}（${failed(item, a) ? RESULT_LABELS.fail : RESULT_LABELS.pass}）`;
  }
  if (item.kind === 'text') return a.text || '未填写';
  return a.photos.length ? `照片 ${a.photos.length} 张` : '未填写';
}

/**
 * 检查记录: a submitted check as it was submitted — the enterprise, kind, template and version, who
 * checked, where and when they signed in — every item with its result (failed ones marked, with
 * their photos, note and 当场整改), the hazards it raised, 检查意见, the signer and the signature;
 * 下载PDF opens the printable record.
 */
export default function CheckRecord() {
  const { user } = useSession();
  const id = queryParam(useRouter().params.id);
  const [check, setCheck] = useState<Check>();
  const [error, setError] = useState('');
  const [pdf, setPdf] = useState<{ busy?: boolean; error?: string }>({});

  const load = async () => {
    if (!id) return setError('缺少检查编号');
    setError('');
    try {
      setCheck((await call('getCheck', { params: { id } })).check);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    if (user) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!user) return <View className="page" />;
  if (!check) {
    return (
      <View className="page ck-page">
        {error ? <Empty status="error" title="加载失败" description={error} /> : <View className="card muted">加载中…</View>}
        {error && id ? (
          <View className="actions">
            <Button block size="large" type="primary" fill="outline" onClick={() => void load()}>
              重试
            </Button>
          </View>
        ) : null}
      </View>
    );
  }

  const openPdf = async () => {
    if (pdf.busy) return;
    setPdf({ busy: true });
    try {
      const { url } = await call('checkPdf', { params: { id } });
      await openDocument(url, 'pdf');
      setPdf({});
    } catch (e) {
      setPdf({ error: errorText(e) });
    }
  };

  const byItem = new Map(check.answers.map((a) => [a.itemId, a]));
  const t = check.template;
  let n = 0;
  return (
    <View className="page ck-page">
      <Hero title={check.enterpriseName} sub={`${check.kindLabel} · ${formatTime(check.submittedAt)}`}>
        <View className="hero-tags">
          <Text className={`ck-badge ${check.failedCount ? 'ck-badge-fail' : 'ck-badge-pass'}`}>{check.failedCount ? `不符合 ${check.failedCount} 项` : '全部符合'}</Text>
        </View>
      </Hero>
      <View className="section-title">检查信息</View>
      <Kv k="企业" v={check.enterpriseName} />
      <Kv k="检查类型" v={check.kindLabel} />
      <Kv k="检查模板" v={`${t.name}（第 ${t.version} 版）`} />
      <Kv k="检查人" v={check.inspectorName} />
      <Kv k="签到时间" v={formatTime(check.checkIn.at)} />
      <Kv k="签到距离" v={`距企业 ${formatDistance(check.checkIn.distanceM)}`} />
      {check.checkIn.reason ? <Kv k="距离较远原因" v={check.checkIn.reason} /> : null}
      <Kv k="提交时间" v={formatTime(check.submittedAt)} />

      {check.hazardIds.length ? (
        <View className="ck-hazards">
          <View className="notice">{`不符合项已生成 ${check.hazardIds.length} 条隐患，交办整改：`}</View>
          {check.hazardIds.map((hid, i) => (
            <View key={hid} className="ck-hazard-link link" onClick={() => void Taro.navigateTo({ url: pageUrl(HAZARD_PAGES.detail, { id: hid }) })}>
              <Text>{`查看隐患 ${i + 1} ›`}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {t.sections.map((s, si) => (
        <View key={`${si}-${s.title}`} className="ck-section">
          <View className="section-title ck-section-title">{s.title}</View>
          {s.items.map((item) => {
            n += 1;
            const a = byItem.get(item.id);
            const bad = failed(item, a);
            return (
              <View key={item.id} id={`ck-item-${item.id}`} className={`ck-item ck-item-view ${bad ? 'ck-item-failing' : ''}`}>
                <View className="ck-item-text">
                  <Text>{`${n}. ${item.text}`}</Text>
                </View>
                {item.basis ? <View className="muted ck-basis">{`依据：${item.basis}`}</View> : null}
                <View className={`ck-answer ${bad ? 'ck-answer-fail' : a?.result === 'na' ? 'ck-answer-na' : ''}`}>{resultText(item, a)}</View>
                {a?.note ? <View className="ck-note">{`情况说明：${a.note}`}</View> : null}
                {a?.photoUrls.length ? <PhotoGrid photos={a.photoUrls.map((url, i) => ({ id: `${item.id}-p${i}`, src: url }))} /> : null}
                {a?.fixedOnSpot ? <View className="ck-fixed-text">✓ 已当场整改</View> : null}
                {a?.fixPhotoUrls.length ? <PhotoGrid photos={a.fixPhotoUrls.map((url, i) => ({ id: `${item.id}-f${i}`, src: url }))} /> : null}
              </View>
            );
          })}
        </View>
      ))}

      <View className="section-title">检查意见</View>
      <View className="card ck-summary-view">{check.summary || '无'}</View>

      <View className="section-title">签字</View>
      <Kv k="签字人" v={check.signerName} />
      <View className="ck-signature-view">
        <Text className="kv-label">签名</Text>
        <Image className="ck-signature-img" src={check.signatureUrl} mode="aspectFit" onClick={() => previewPhotos([check.signatureUrl], check.signatureUrl)} />
      </View>

      <View className="actions">
        <Button className="ck-pdf-btn" block size="large" type="primary" loading={pdf.busy} onClick={() => void openPdf()}>
          下载PDF
        </Button>
      </View>
      {pdf.error ? <View className="field-error">{pdf.error}</View> : null}
    </View>
  );
}
