import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty, TextArea } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import { CreateSignatureUploadBody, SignCommitmentBody, validate, type BodyOf, type ResponseOf } from '@safegrid/shared';
import { ApiError, call, messageOf } from '../../../api/client';
import { FileError, errorText, uploadImage } from '../../../lib/files';
import { COMMITMENT_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Choices, Field, FieldError } from '../../../components/Field';
import { ColourBand, LetterBody } from '../../components/Letter';
import { SignaturePad, type SignaturePng } from '../../../components/SignaturePad';
import { ANSWER_OPTIONS, clearSignDrafts, draftKey, enterpriseOf, loadSignDraft, saveSignDraft, useScrolledTo, type Answer, type SignDraft } from '../../lib';
import '../../commitment.css';

type Data = ResponseOf<'enterpriseCommitments'>;
type Template = NonNullable<Data['owed']>;
type Body = BodyOf<'signCommitment'>;

/** Stands in for the signature's key while the rest of the body is checked before uploading. */
const PENDING_KEY = 'signatures/pending/00000000000000000000000000.png';

/** The answers in the template's order, a note only where 不符合 asks for one. */
function answersOf(template: Template, draft: SignDraft): Body['answers'] {
  return template.selfCheck.map((item) => {
    const a = draft.answers[item.id];
    const note = a?.note?.trim();
    return { itemId: item.id, answer: a?.answer as Answer, ...(a?.answer === 'no' && note ? { note } : {}) };
  });
}

/**
 * The API's (or the shared schema's) field errors keyed as this page shows them: `answers.2.note`
 * is the note of the template's third item, `signatureKey` the signature.
 */
function shownErrors(fields: Record<string, string>, template: Template): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields)) {
    const item = /^answers\.(\d+)\.(\w+)$/.exec(key);
    const id = item ? template.selfCheck[Number(item[1])]?.id : undefined;
    const shown = id ? `${item![2] === 'note' ? 'note' : 'answer'}.${id}` : key === 'signatureKey' ? 'signature' : key === 'signerName' ? 'signerName' : 'general';
    out[shown] = out[shown] ? `${out[shown]}；${message}` : message;
  }
  return out;
}

function scrollTo(selector: string): void {
  try {
    void Taro.pageScrollTo({ selector, duration: 300 }).catch(() => undefined);
  } catch {
    /* nothing to scroll */
  }
}

/**
 * 阅读并签署: the letter the enterprise owes (告知书, 自查表 with an answer per item, 承诺书). The
 * signing area unlocks once the reader has scrolled to the end of the letter and answered every
 * item; then the owner checks their name, signs by hand and confirms. The signature goes straight to
 * storage, then the letter is signed with the template's id and version, the answers and the
 * signature's key. The answers are kept on the phone while they are given (per enterprise and
 * template version), so a closed app loses nothing.
 */
export default function CommitmentSign() {
  const { user } = useSession();
  const enterpriseId = enterpriseOf(user, queryParam(useRouter().params.enterpriseId));
  const [data, setData] = useState<Data>();
  const [loadError, setLoadError] = useState('');
  const [draft, setDraft] = useState<SignDraft>({ answers: {} });
  const [signature, setSignature] = useState<{ png?: SignaturePng; key?: string }>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const finished = useRef(false);

  const template = data?.canSign ? data.owed : undefined;
  const storageKey = template ? draftKey(enterpriseId, template.id, template.version) : undefined;
  const read = useScrolledTo('#cm-end', template ? `${template.id}.v${template.version}` : undefined);

  const load = async () => {
    if (!enterpriseId) return setLoadError('未关联企业：请联系管理员关联您的企业');
    setLoadError('');
    try {
      const res = await call('enterpriseCommitments', { params: { id: enterpriseId } });
      const owed = res.owed;
      if (owed && res.canSign) {
        const key = draftKey(enterpriseId, owed.id, owed.version);
        setDraft(loadSignDraft(key) ?? { answers: {}, signerName: user?.name });
        // An older version's answers are of no use any more.
        clearSignDrafts(enterpriseId, key);
      }
      setData(res);
    } catch (e) {
      setLoadError(messageOf(e));
    }
  };
  useEffect(() => {
    if (user) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Keep the answers on the phone as they are given (not after the letter is signed).
  useEffect(() => {
    if (storageKey && !finished.current && Object.keys(draft.answers).length) saveSignDraft(storageKey, draft);
  }, [storageKey, draft]);

  if (!user) return <View className="page" />;
  if (!data) {
    return (
      <View className="page cm-page">
        {loadError ? <Empty status="error" title="加载失败" description={loadError} /> : <View className="card muted">加载中…</View>}
        {loadError && enterpriseId ? (
          <View className="actions">
            <Button block size="large" type="primary" fill="outline" onClick={() => void load()}>
              重试
            </Button>
          </View>
        ) : null}
      </View>
    );
  }

  const back = () => void Taro.redirectTo({ url: pageUrl(COMMITMENT_PAGES.list, { enterpriseId }) }).catch(() => undefined);
  if (!template) {
    const signedNow = data.signed.some((s) => s.year === data.year);
    return (
      <View className="page cm-page">
        <Hero title="告知承诺" sub={`${data.enterprise.name} · ${data.year}年度`} />
        {notice ? (
          <View className="notice cm-notice">
            <Text>{notice}</Text>
          </View>
        ) : null}
        <Empty
          title={!data.canSign ? '只有企业负责人可以签署承诺书' : signedNow ? '本年度承诺书已签署' : '暂无需要签署的承诺书'}
          description={data.owed || signedNow ? undefined : '本区尚未发布适用于本企业行业的承诺书'}
        />
        <View className="actions">
          <Button block size="large" type="primary" fill="outline" onClick={back}>
            查看本企业的承诺书
          </Button>
        </View>
      </View>
    );
  }

  const items = template.selfCheck;
  const unanswered = items.filter((i) => !draft.answers[i.id]?.answer).length;
  const failing = items.filter((i) => draft.answers[i.id]?.answer === 'no').length;
  const unlocked = read && unanswered === 0;

  const clearError = (...keys: string[]) => setErrors((prev) => (keys.some((k) => k in prev) ? Object.fromEntries(Object.entries(prev).filter(([k]) => !keys.includes(k))) : prev));
  const setAnswer = (id: string, change: { answer?: Answer; note?: string }) => {
    setDraft((d) => ({ ...d, answers: { ...d.answers, [id]: { ...d.answers[id], ...change } } }));
    clearError(`answer.${id}`, ...(change.answer && change.answer !== 'no' ? [`note.${id}`] : []));
  };

  const submit = async () => {
    if (!unlocked || submitting) return;
    setNotice('');
    let found: Record<string, string> = {};
    for (const item of items) {
      const a = draft.answers[item.id];
      if (!a?.answer) found[`answer.${item.id}`] = '请选择自查结果';
      else if (a.answer === 'no' && !a.note?.trim()) found[`note.${item.id}`] = '选择“不符合”时请写明不符合的情况';
    }
    const body: Body = {
      templateId: template.id,
      templateVersion: template.version,
      answers: answersOf(template, draft),
      signatureKey: signature.key ?? PENDING_KEY,
      signerName: (draft.signerName ?? '').trim(),
    };
    const checked = validate(SignCommitmentBody, body);
    if (!checked.ok) found = { ...shownErrors(checked.fields, template), ...found };
    const png = signature.png;
    if (!png) found.signature = '请在签名框内手写签名，并点“确认签名”';
    if (Object.keys(found).length || !png) {
      setErrors(found);
      const first = items.find((i) => found[`answer.${i.id}`] || found[`note.${i.id}`]);
      scrollTo(first ? `#cm-item-${first.id}` : found.signerName ? '#cm-signer' : '#cm-signature');
      return;
    }

    setErrors({});
    setSubmitting(true);
    try {
      let key = signature.key;
      if (!key) {
        key = await uploadImage(
          { name: 'signature.png', size: png.size, type: 'image/png', path: png.path },
          { schema: CreateSignatureUploadBody, presign: (upload) => call('createSignatureUpload', { body: upload }) },
        );
        const uploaded = key;
        // A retry after a failed signing sends the same upload.
        setSignature((s) => (s.png === png ? { ...s, key: uploaded } : s));
      }
      const res = await call('signCommitment', { params: { id: enterpriseId }, body: { ...body, signatureKey: key } });
      finished.current = true;
      clearSignDrafts(enterpriseId);
      void Taro.showToast({ title: '已签署', icon: 'success' }).catch(() => undefined);
      void Taro.redirectTo({ url: pageUrl(COMMITMENT_PAGES.signed, { enterpriseId, key: res.record.key }) }).catch(() => undefined);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // The template changed, or the letter was signed meanwhile: show what stands now.
        setNotice(`${e.message}（已重新加载）`);
        setSignature({});
        await load();
        return;
      }
      if (e instanceof FileError) {
        setErrors({ signature: errorText(e) });
        return scrollTo('#cm-signature');
      }
      const shown = e instanceof ApiError && e.fields ? shownErrors(e.fields, template) : {};
      // The upload's own checks (type, size) are about the signature too.
      for (const k of ['contentType', 'size'] as const) {
        if (e instanceof ApiError && e.fields?.[k]) shown.signature = e.fields[k]!;
      }
      if (shown.signature) setSignature((s) => ({ png: s.png }));
      const general = shown.general ?? (Object.keys(shown).length ? '' : messageOf(e));
      delete shown.general;
      setErrors({
        ...shown,
        ...(general ? { general: `${general}${e instanceof ApiError && e.code === 'NETWORK' ? '。已填写的内容已保存，可稍后再点“确认签署”' : ''}` } : {}),
      });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="page cm-page">
      <Hero title={template.title} sub={`${data.enterprise.name} · ${data.year}年度 · 第 ${template.version} 版`}>
        <View className="hero-tags">
          <ColourBand colour={template.colour} />
        </View>
      </Hero>
      {notice ? (
        <View className="notice cm-notice">
          <Text>{notice}</Text>
        </View>
      ) : null}
      <View className="muted cm-guide">请依次阅读告知书、逐项填写自查表、阅读承诺书；阅读至末尾并完成自查后即可签名签署。</View>

      <LetterBody
        notice={template.notice}
        selfCheck={items}
        commitment={template.commitment}
        itemClass={(item) => (draft.answers[item.id]?.answer === 'no' ? 'cm-item-failing' : '')}
        answer={(item) => {
          const a = draft.answers[item.id];
          return (
            <>
              <Choices options={ANSWER_OPTIONS} value={a?.answer} onChange={(answer) => setAnswer(item.id, { answer })} />
              <FieldError message={errors[`answer.${item.id}`]} />
              {a?.answer === 'no' ? (
                <View className="cm-note">
                  <TextArea
                    name={`note-${item.id}`}
                    value={a.note ?? ''}
                    placeholder="请写明不符合的情况（必填），如：二楼仓库灭火器已过期"
                    maxLength={300}
                    showCount
                    autoSize
                    onChange={(note: string) => setAnswer(item.id, { note })}
                  />
                  <View className="muted cm-note-hint">此项将转为隐患，由网格员核实后督促整改</View>
                </View>
              ) : null}
              <FieldError message={errors[`note.${item.id}`]} />
            </>
          );
        }}
      />

      <View className="section-title">签署</View>
      {!unlocked ? (
        <View className="card cm-locked">
          <View className={read ? 'cm-step-done' : 'cm-step'}>{read ? '✓ 已阅读至末尾' : '请阅读至承诺书末尾'}</View>
          <View className={unanswered === 0 ? 'cm-step-done' : 'cm-step'}>{unanswered === 0 ? '✓ 自查表已全部作答' : `还有 ${unanswered} 项自查未作答`}</View>
          <View className="muted">完成以上两步后即可签名</View>
        </View>
      ) : (
        <View>
          {failing ? <View className="cm-warn">{`自查有 ${failing} 项不符合：签署后将转为隐患，需按期整改。`}</View> : null}
          <View id="cm-signer">
            <Field
              label="签署人"
              name="signerName"
              value={draft.signerName ?? ''}
              placeholder="企业负责人姓名"
              error={errors.signerName}
              onChange={(v) => {
                setDraft((d) => ({ ...d, signerName: v }));
                clearError('signerName');
              }}
            />
          </View>
          <View id="cm-signature" className="cm-signature">
            <SignaturePad
              onChange={(png) => {
                setSignature(png ? { png } : {});
                if (png) clearError('signature');
              }}
            />
            <FieldError message={errors.signature} />
          </View>
        </View>
      )}
      {errors.general ? (
        <View className="notice cm-general">
          <Text>{errors.general}</Text>
        </View>
      ) : null}
      <View className="actions">
        <Button className="cm-submit" block type="primary" size="large" disabled={!unlocked} loading={submitting} onClick={() => void submit()}>
          确认签署
        </Button>
      </View>
      {Object.keys(draft.answers).length ? <View className="muted cm-draft-note">自查结果会自动保存在手机上，关闭后再打开仍在</View> : null}
    </View>
  );
}

