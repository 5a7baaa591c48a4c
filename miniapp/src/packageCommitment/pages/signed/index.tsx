import Taro, { useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import type { ResponseOf } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { errorText, openDocument } from '../../../lib/files';
import { HAZARD_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatTime } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Kv } from '../../../components/Kv';
import { previewPhotos } from '../../../components/PhotoGrid';
import { AnsweredItems, Blocks, ColourBand, Part } from '../../components/Letter';
import '../../commitment.css';

type Signed = ResponseOf<'getCommitment'>['record'];
type Verify = ResponseOf<'verifyCommitment'>;

/**
 * 已签署的承诺书: exactly what was signed (告知书, 自查表 with the answers, 承诺书), the handwritten
 * signature, who signed and when (Asia/Shanghai), and the SHA-256 over it all; 校验 asks the server
 * to recompute the hash from the stored record, 下载PDF opens the printable letter.
 */
export default function CommitmentSigned() {
  const { user } = useSession();
  const params = useRouter().params;
  const enterpriseId = queryParam(params.enterpriseId);
  const key = queryParam(params.key);
  const [record, setRecord] = useState<Signed>();
  const [error, setError] = useState('');
  const [verify, setVerify] = useState<{ busy?: boolean; result?: Verify; error?: string }>({});
  const [pdf, setPdf] = useState<{ busy?: boolean; error?: string }>({});

  const load = async () => {
    if (!enterpriseId || !key) return setError('缺少承诺书编号');
    setError('');
    try {
      setRecord((await call('getCommitment', { params: { id: enterpriseId, key } })).record);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    if (user) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!user) return <View className="page" />;
  if (!record) {
    return (
      <View className="page cm-page">
        {error ? <Empty status="error" title="加载失败" description={error} /> : <View className="card muted">加载中…</View>}
        {error && key ? (
          <View className="actions">
            <Button block size="large" type="primary" fill="outline" onClick={() => void load()}>
              重试
            </Button>
          </View>
        ) : null}
      </View>
    );
  }

  const check = async () => {
    setVerify({ busy: true });
    try {
      setVerify({ result: await call('verifyCommitment', { params: { id: enterpriseId, key } }) });
    } catch (e) {
      setVerify({ error: messageOf(e) });
    }
  };
  const openPdf = async () => {
    if (pdf.busy) return;
    setPdf({ busy: true });
    try {
      const { url } = await call('commitmentPdf', { params: { id: enterpriseId, key } });
      await openDocument(url, 'pdf');
      setPdf({});
    } catch (e) {
      setPdf({ error: errorText(e) });
    }
  };

  const signatureSrc = `data:image/png;base64,${record.signaturePng}`;
  const v = verify.result;
  return (
    <View className="page cm-page">
      <Hero title={record.title} sub={`${record.enterpriseName} · ${record.year}年度 · 第 ${record.templateVersion} 版`}>
        <View className="hero-tags">
          <ColourBand colour={record.colour} />
          <Text className="cm-badge-signed">已签署</Text>
        </View>
      </Hero>

      <Part title="一、告知书" />
      <Blocks blocks={record.notice} />
      <Part title="二、自查表" />
      <AnsweredItems items={record.selfCheck} answers={record.answers} />
      {record.hazardIds.length ? (
        <View className="cm-hazards">
          <View className="cm-warn">{`自查不符合 ${record.hazardIds.length} 项，已转为隐患整改：`}</View>
          {record.hazardIds.map((id, i) => (
            <View key={id} className="cm-hazard-link link" onClick={() => void Taro.navigateTo({ url: pageUrl(HAZARD_PAGES.detail, { id }) })}>
              <Text>{`查看隐患 ${i + 1} ›`}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <Part title="三、承诺书" />
      <Blocks blocks={record.commitment} />

      <View className="section-title">签署</View>
      <Kv k="承诺单位" v={record.enterpriseName} />
      <Kv k="签署人" v={record.signerName} />
      <Kv k="签署时间" v={formatTime(record.signedAt)} />
      <View className="cm-signature-view">
        <Text className="kv-label">签名</Text>
        <Image className="cm-signature-img" src={signatureSrc} mode="aspectFit" onClick={() => previewPhotos([signatureSrc], signatureSrc)} />
      </View>

      <View className="section-title">防篡改校验</View>
      <View className="cm-hash-box">
        <View className="muted">SHA-256（对签署内容计算）</View>
        <View className="cm-hash">
          <Text userSelect>{record.hash}</Text>
        </View>
        {v ? (
          <View className={`cm-verify ${v.valid ? 'cm-verify-ok' : 'cm-verify-bad'}`}>
            <Text>{v.valid ? '校验通过 ✓' : '校验失败：记录已被改动'}</Text>
          </View>
        ) : null}
        {v ? (
          <View className="muted cm-verify-detail">
            {v.valid ? '按存储的记录重新计算的哈希与签署时一致' : `重新计算的哈希：${v.computed || '无法计算'}`}
          </View>
        ) : null}
        {verify.error ? <View className="field-error">{verify.error}</View> : null}
      </View>
      <View className="actions cm-buttons">
        <Button className="cm-verify-btn" size="large" type="primary" fill="outline" loading={verify.busy} onClick={() => void check()}>
          校验
        </Button>
        <Button className="cm-pdf-btn" size="large" type="primary" loading={pdf.busy} onClick={() => void openPdf()}>
          下载PDF
        </Button>
      </View>
      {pdf.error ? <View className="field-error">{pdf.error}</View> : null}
    </View>
  );
}
