import Taro, { useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button, Empty, TextArea } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import {
  CHECK_KIND_LABELS,
  CHECK_KINDS,
  CreateHazardPhotoUploadBody,
  SubmitCheckBody,
  answerProblems,
  validate,
  type BodyOf,
  type CheckKind,
  type ResponseOf,
} from '@safegrid/shared';
import { ApiError, call, messageOf } from '../../../api/client';
import { FileError, errorText, uploadImage } from '../../../lib/files';
import { newId } from '../../../lib/id';
import { getLocation } from '../../../lib/location';
import { CHECK_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatTime } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Choices, Field, FieldError, otherErrors } from '../../../components/Field';
import { SignaturePad, type SignaturePng } from '../../../components/SignaturePad';
import { ItemCard } from '../../components/ItemCard';
import { useCheckUploads, useResumeUploads } from '../../components/CheckPhotos';
import {
  answersOf,
  autoFilled,
  checkInDistance,
  dropFiles,
  emptyAnswer,
  fillRestAsPass,
  firstErrorAnchor,
  formatDistance,
  districtOf,
  isAnswered,
  items,
  keepFile,
  listDrafts,
  loadDraft,
  needsReason,
  reasonOverM,
  numberOf,
  ownEnterprise,
  pendingPhotos,
  removeDraft,
  saveDraft,
  scrollTo,
  shownErrors,
  shownPhotos,
  undoFillRest,
  unansweredPassFail,
  type CheckDraft,
  type DraftAnswer,
  type Template,
} from '../../lib';
import { PrivacyPrompt } from '../../../components/PrivacyPrompt';
import '../../check.css';

type Body = BodyOf<'submitCheck'>;
type Templates = ResponseOf<'listCheckTemplates'>;

/** Stands in for the signature's key while the rest of the body is checked before uploading. */
const PENDING_KEY = 'hazards/pending/00000000000000000000000000.png';
const KIND_OPTIONS = CHECK_KINDS.filter((k) => k !== 'self').map((value) => ({ value, label: CHECK_KIND_LABELS[value] }));
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const templatesKey = (district: string) => `safegrid.checkTemplates.${district}`;
const tplKey = (t: Pick<Template, 'id' | 'version'>) => `${t.id}@${t.version}`;
/** Where each kind of error is shown: anything else goes into one general message. */
const SHOWN_TOP = ['kind', 'template', 'checkIn', 'reason', 'summary', 'signerName', 'signature', 'general'];

/** The body as it will be sent (the signature's key stands in until it is uploaded). */
function bodyOf(d: CheckDraft): Body {
  const t = d.template!;
  const reason = d.checkIn?.reason?.trim();
  const summary = d.summary.trim();
  return {
    id: d.id,
    enterpriseId: d.enterprise.id,
    kind: d.kind,
    templateId: t.id,
    templateVersion: t.version,
    checkIn: {
      lng: d.checkIn?.lng as number,
      lat: d.checkIn?.lat as number,
      at: d.checkIn?.at as string,
      ...(reason && needsReason(d) ? { reason } : {}),
    },
    answers: answersOf(d),
    ...(summary ? { summary } : {}),
    signatureKey: d.signature?.key ?? PENDING_KEY,
    signerName: d.signerName.trim(),
  };
}

/** What the phone can tell is missing or wrong, keyed as the page shows it. */
function problemsOf(d: CheckDraft, body: Body): Record<string, string> {
  const t = d.template!;
  const found: Record<string, string> = {};
  const checked = validate(SubmitCheckBody, body);
  if (!checked.ok) Object.assign(found, shownErrors(checked.fields, t));
  // The shared rules' messages win over the schema's for the same place.
  Object.assign(found, shownErrors(answerProblems(t, body.answers), t));
  for (const item of items(t)) {
    const a = d.answers[item.id];
    if (item.kind === 'number' && a?.result !== 'na' && Number.isNaN(numberOf(a?.value))) found[`${item.id}.value`] = '请输入数字';
    const shown = shownPhotos(item, a);
    const waiting = (list: typeof shown.photos) => list.some((p) => p.status !== 'done' || !p.key);
    if (waiting(shown.photos)) found[`${item.id}.photos`] = '还有照片未上传：请点照片重试，或点“上传全部”';
    if (waiting(shown.fixPhotos)) found[`${item.id}.fixPhotos`] = '还有照片未上传：请点照片重试，或点“上传全部”';
  }
  if (!d.checkIn) found.checkIn = d.kind === 'self' ? '请先点“定位”记录自查位置' : '请先在企业现场点“签到”';
  else if (needsReason(d) && !d.checkIn.reason?.trim()) found.reason = `距离企业超过 ${reasonOverM(d)} 米，请说明原因`;
  if (!d.signature) found.signature = '请企业人员在签字框内手写签名，并点“确认签名”';
  return found;
}

function freshDraft(userId: string, enterprise: { id: string; name: string }, kind: CheckKind, signerName: string): CheckDraft {
  const now = new Date().toISOString();
  return { id: newId(), userId, createdAt: now, updatedAt: now, enterprise, kind, answers: {}, summary: '', signerName };
}

/**
 * 现场检查 (带着清单下企业) and 企业自查, on one scrolling page: the kind and the checklist template,
 * 签到 with the phone's position (a reason when it is more than 500 m from the enterprise), the items
 * section by section (a failed one with photos, a note and 当场整改), 检查意见, the enterprise's
 * signature, 提交. The whole check is kept on the phone under its ULID as it is filled in, so it goes
 * on without a connection, survives a closed app (`?draft=`), and a retried submit makes one record.
 */
export default function CheckPage() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const draftParam = queryParam(params.draft);
  const selfCheck = queryParam(params.kind) === 'self';
  const [draft, setDraft] = useState<CheckDraft | undefined>(() => {
    if (!user) return undefined;
    if (draftParam) return loadDraft(draftParam);
    const own = selfCheck ? ownEnterprise(user) : undefined;
    const id = queryParam(params.enterpriseId) || own?.id;
    if (!id) return undefined;
    const name = queryParam(params.name) || (own?.id === id ? own.name : '');
    // A guarantee leader may only make 包保检查 (the API refuses them any other kind).
    return freshDraft(user.id, { id, name }, selfCheck ? 'self' : role === 'guarantee_leader' ? 'guarantee' : 'daily', selfCheck ? user.name : '');
  });
  const draftRef = useRef(draft);
  draftRef.current = draft;
  /** Saved from the first change the user makes (or at once, for a draft reopened). */
  const touched = useRef(!!draftParam);
  const finished = useRef(false);
  const [other] = useState(() => (user && draft && !draftParam ? listDrafts(user.id).find((d) => d.enterprise.id === draft.enterprise.id && d.kind === draft.kind) : undefined));
  const [enterpriseState, setEnterpriseState] = useState<{ loaded?: boolean; error?: string }>({});
  const [templates, setTemplates] = useState<Template[]>();
  const [reasonOver, setReasonOver] = useState<number>();
  const [templatesNote, setTemplatesNote] = useState('');
  const [templatesError, setTemplatesError] = useState('');
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pickErrors, setPickErrors] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [resigning, setResigning] = useState(false);

  const uploads = useCheckUploads(draftRef, setDraft);
  useResumeUploads(uploads.uploadAll, !!draftParam && !!draft);

  /** A change the user made: saved on the phone from now on. */
  const update = (change: Partial<CheckDraft> | ((d: CheckDraft) => Partial<CheckDraft>)) => {
    touched.current = true;
    setDraft((d) => (d ? { ...d, ...(typeof change === 'function' ? change(d) : change), updatedAt: new Date().toISOString() } : d));
  };
  const clearError = (...keys: string[]) =>
    setErrors((prev) => (keys.some((k) => k in prev) ? Object.fromEntries(Object.entries(prev).filter(([k]) => !keys.includes(k))) : prev));

  useEffect(() => {
    if (draft?.kind !== 'self') return;
    try {
      void Taro.setNavigationBarTitle({ title: '企业自查' }).catch(() => undefined);
    } catch {
      /* the title stays 现场检查 */
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Keep the check on the phone as it changes (not after it was submitted).
  useEffect(() => {
    if (draft && touched.current && !finished.current) saveDraft(draft);
  }, [draft]);

  // The enterprise: its position (for the distance), industry (for the template) and area (for the district).
  const enterpriseId = draft?.enterprise.id;
  const loadEnterprise = async () => {
    if (!enterpriseId) return;
    setEnterpriseState({});
    try {
      const { enterprise: e } = await call('getEnterprise', { params: { id: enterpriseId } });
      setDraft((d) => (d ? { ...d, enterprise: { id: e.id, name: e.name, address: e.address, lng: e.lng, lat: e.lat, industry: e.industry, area: e.area } } : d));
      setEnterpriseState({ loaded: true });
    } catch (e) {
      setEnterpriseState({ loaded: true, error: messageOf(e) });
    }
  };
  useEffect(() => {
    if (user) void loadEnterprise();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enterpriseId]);

  // The district's templates (the last ones downloaded when there is no connection).
  const district = districtOf(user, role) || draft?.enterprise.area?.split('/')[0] || '';
  const loadTemplates = async () => {
    if (!district) return;
    setTemplatesError('');
    setTemplatesNote('');
    try {
      const res = await call('listCheckTemplates', { query: { district } });
      takeTemplates(res);
      try {
        Taro.setStorageSync(templatesKey(district), res);
      } catch {
        /* not kept: the list still works now */
      }
    } catch (e) {
      const cached = Taro.getStorageSync(templatesKey(district)) as Templates | '';
      if (cached && Array.isArray(cached.templates) && cached.templates.length) {
        takeTemplates(cached);
        setTemplatesNote('网络不可用：显示的是上次下载的检查模板');
      } else setTemplatesError(messageOf(e));
    }
  };
  const takeTemplates = (res: Templates) => {
    setTemplates(res.templates);
    setReasonOver(res.checkInReasonOverM);
  };
  // The district's distance goes with the draft, so a draft continued offline still asks for a reason at the right distance.
  useEffect(() => {
    if (reasonOver !== undefined && draft && draft.reasonOverM !== reasonOver) setDraft((d) => (d ? { ...d, reasonOverM: reasonOver } : d));
  }, [reasonOver, draft]);
  useEffect(() => {
    if (user && district) void loadTemplates();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [district]);

  // Pre-select the template for the enterprise's industry (once its industry is known, or known not to be).
  const industry = draft?.enterprise.industry;
  useEffect(() => {
    if (!templates?.length || draftRef.current?.template || !enterpriseState.loaded) return;
    const pick =
      templates.find((t) => industry && (t.industries as string[]).includes(industry)) ??
      templates.find((t) => t.industries.length === 0) ??
      (templates.length === 1 ? templates[0] : undefined);
    if (pick) setDraft((d) => (d && !d.template ? { ...d, template: pick } : d));
  }, [templates, industry, enterpriseState.loaded]);

  if (!user) return <View className="page" />;
  if (!draft) {
    return (
      <View className="page ck-page">
        <Empty
          title={draftParam ? '草稿不存在或已提交' : '未指定企业'}
          description={draftParam ? '该检查可能已经提交，或草稿已被删除' : selfCheck ? '未关联企业：请联系管理员关联您的企业' : '请从“应检企业”中选择要检查的企业'}
        />
        <View className="actions">
          <Button block size="large" type="primary" fill="outline" onClick={() => void Taro.redirectTo({ url: CHECK_PAGES.drafts }).catch(() => undefined)}>
            查看检查草稿
          </Button>
        </View>
      </View>
    );
  }

  const self = draft.kind === 'self';
  const t = draft.template;
  const list = t ? items(t) : [];
  const answered = t ? list.filter((i) => isAnswered(i, draft.answers[i.id])).length : 0;
  const rest = t ? unansweredPassFail(t, draft.answers) : [];
  const filled = t ? autoFilled(t, draft.answers) : [];
  const pending = pendingPhotos(draft);
  const distance = checkInDistance(draft);
  const reasonShown = needsReason(draft);

  const setAnswer = (itemId: string, change: Partial<DraftAnswer>) => {
    // A result given by hand is the inspector's own, even where 其余全部符合 had filled it.
    const own = 'result' in change ? { auto: undefined } : {};
    update((d) => ({ answers: { ...d.answers, [itemId]: { ...(d.answers[itemId] ?? emptyAnswer()), ...change, ...own } } }));
    clearError(...Object.keys(change).map((k) => `${itemId}.${k}`), `${itemId}.result`);
  };

  /** 其余全部符合: after the failures are marked, every pass-fail item not answered yet is 符合 (marked, each still changeable). */
  const fillRest = () => {
    if (!t || !rest.length) return;
    update((d) => ({ answers: fillRestAsPass(t, d.answers) }));
    clearError(...rest.map((i) => `${i.id}.result`));
  };

  const chooseTemplate = async (key: string) => {
    const next = templates?.find((x) => tplKey(x) === key);
    if (!next || (t && tplKey(t) === key)) return;
    if (Object.keys(draft.answers).length) {
      const { confirm } = await Taro.showModal({ title: '更换检查模板', content: '更换模板后，已填写的检查项将清空，确定更换吗？', confirmText: '更换' }).catch(() => ({ confirm: false }));
      if (!confirm) return;
      dropFiles(Object.values(draftRef.current?.answers ?? {}).flatMap((a) => [...a.photos, ...a.fixPhotos]));
    }
    update({ template: next, answers: {} });
    clearError('template');
  };

  const checkIn = async () => {
    setLocating(true);
    setLocateError('');
    try {
      const at = await getLocation();
      const accuracy = typeof at.accuracy === 'number' && Number.isFinite(at.accuracy) ? Math.round(at.accuracy) : undefined;
      update((d) => ({
        checkIn: {
          lng: round6(at.longitude),
          lat: round6(at.latitude),
          at: new Date().toISOString(),
          ...(accuracy !== undefined ? { accuracy } : {}),
          ...(d.checkIn?.reason ? { reason: d.checkIn.reason } : {}),
        },
      }));
      clearError('checkIn');
    } catch {
      setLocateError('无法获取位置：请打开手机定位、允许小程序使用位置后重试');
    } finally {
      setLocating(false);
    }
  };

  const addPhotos = async (itemId: string, field: 'photos' | 'fixPhotos') => {
    touched.current = true;
    const problem = await uploads.add(itemId, field);
    setPickErrors((p) => ({ ...p, [`${itemId}.${field}`]: problem }));
    if (!problem) clearError(`${itemId}.${field}`);
  };

  /** A confirmed signature: kept on the phone (weapp) in place of the one before. */
  const signed = async (png: SignaturePng) => {
    const kept = await keepFile(png.path);
    const before = draftRef.current?.signature;
    if (before) dropFiles([before]);
    update({ signature: { path: kept.path, size: png.size, ...(kept.saved ? { saved: true } : {}) } });
    setResigning(false);
    clearError('signature');
  };

  const submit = async () => {
    if (submitting) return;
    if (!t) {
      setErrors({ template: '请选择检查模板' });
      return scrollTo('#ck-template');
    }
    const body = bodyOf(draft);
    const found = problemsOf(draft, body);
    if (Object.keys(found).length) {
      setErrors(found);
      return scrollTo(firstErrorAnchor(found, t) ?? '#ck-general');
    }
    setErrors({});
    setSubmitting(true);
    try {
      let key = draft.signature!.key;
      if (!key) {
        const sig = draft.signature!;
        key = await uploadImage(
          { name: 'signature.png', size: sig.size, type: 'image/png', path: sig.path },
          { schema: CreateHazardPhotoUploadBody, presign: (upload) => call('createHazardPhotoUpload', { body: upload }) },
        );
        const uploaded = key;
        // A retried submit sends the same signature.
        update((d) => (d.signature?.path === sig.path ? { signature: { ...d.signature, key: uploaded } } : {}));
      }
      let id: string;
      try {
        id = (await call('submitCheck', { body: { ...body, signatureKey: key } })).check.id;
      } catch (e) {
        // An earlier submit whose answer was lost got through, and the check was changed since: it stands as first sent.
        if (!(e instanceof ApiError && e.status === 409)) throw e;
        id = (await call('getCheck', { params: { id: draft.id } }).catch(() => Promise.reject(e))).check.id;
        void Taro.showModal({ title: '检查已提交', content: '此前的提交已成功，以下为已提交的检查记录；之后的修改未保存。', showCancel: false }).catch(() => undefined);
      }
      finished.current = true;
      removeDraft(draft);
      void Taro.showToast({ title: '已提交', icon: 'success' }).catch(() => undefined);
      void Taro.redirectTo({ url: pageUrl(CHECK_PAGES.record, { id }) }).catch(() => undefined);
    } catch (e) {
      const saved = '。检查内容已保存为草稿，可稍后再点“提交”';
      if (e instanceof FileError) {
        setErrors({ signature: errorText(e) });
        return scrollTo('#ck-signature');
      }
      const fields = e instanceof ApiError && e.fields ? e.fields : {};
      const shown = shownErrors(fields, t);
      if (fields['checkIn.reason']) update({ reasonAsked: true });
      if (shown.signature) update((d) => (d.signature ? { signature: { path: d.signature.path, size: d.signature.size, ...(d.signature.saved ? { saved: true } : {}) } } : {}));
      if (!Object.keys(shown).length) shown.general = `${messageOf(e)}${e instanceof ApiError && e.code === 'NETWORK' ? saved : ''}`;
      setErrors(shown);
      scrollTo(firstErrorAnchor(shown, t) ?? '#ck-general');
    } finally {
      setSubmitting(false);
    }
  };

  const itemErrors = (id: string) => {
    const out: Record<string, string | undefined> = {};
    for (const f of ['result', 'value', 'text', 'photos', 'note', 'fixPhotos']) out[f] = errors[`${id}.${f}`] || pickErrors[`${id}.${f}`] || undefined;
    return out;
  };
  const general = [errors.general, otherErrors(errors, [...SHOWN_TOP, ...list.flatMap((i) => ['result', 'value', 'text', 'photos', 'note', 'fixPhotos'].map((f) => `${i.id}.${f}`))])]
    .filter(Boolean)
    .join('；');
  const e = draft.enterprise;

  return (
    <View className="page ck-page">
      <Hero title={self ? '企业自查' : '现场检查'} sub={e.name || '（企业名称加载中）'}>
        {e.address ? <View className="hero-sub">{e.address}</View> : null}
      </Hero>
      {other && other.id !== draft.id ? (
        <View className="notice ck-other" onClick={() => void Taro.redirectTo({ url: pageUrl(CHECK_PAGES.check, { draft: other.id }) }).catch(() => undefined)}>
          <Text>{`该企业有一份未提交的检查草稿（${formatTime(other.updatedAt)}），点此继续填写 ›`}</Text>
        </View>
      ) : null}
      {enterpriseState.error && !e.name ? <FieldError message={`企业信息加载失败：${enterpriseState.error}`} /> : null}

      {/* (a) kind and template */}
      {!self ? (
        <View id="ck-kind" className="ck-block">
          <View className="section-title">检查类型</View>
          <Choices options={KIND_OPTIONS} value={draft.kind} onChange={(kind) => update({ kind })} />
          <FieldError message={errors.kind} />
        </View>
      ) : null}
      <View id="ck-template" className="ck-block">
        <View className="section-title">检查模板</View>
        {templates?.length ? (
          <Choices
            options={[...templates, ...(t && !templates.some((x) => tplKey(x) === tplKey(t)) ? [t] : [])].map((x) => ({
              value: tplKey(x),
              label: `${x.name}（第 ${x.version} 版）`,
            }))}
            value={t ? tplKey(t) : undefined}
            onChange={(key) => void chooseTemplate(key)}
          />
        ) : t ? (
          <View className="choices">
            <View className="choice choice-on">
              <Text>{`${t.name}（第 ${t.version} 版）`}</Text>
            </View>
          </View>
        ) : templates ? (
          <View className="card muted">本区尚未发布检查模板，请联系监管部门</View>
        ) : templatesError ? null : (
          <View className="card muted">加载中…</View>
        )}
        {templatesNote ? <View className="muted ck-hint">{templatesNote}</View> : null}
        {t && templates?.some((x) => x.id === t.id && x.version > t.version) ? (
          <View className="muted ck-hint">{`该模板已发布新版本；本次检查按第 ${t.version} 版填写`}</View>
        ) : null}
        {templatesError && !t ? (
          <View>
            <FieldError message={`检查模板加载失败：${templatesError}`} />
            <View className="actions">
              <Button block fill="outline" type="primary" onClick={() => void loadTemplates()}>
                重新加载模板
              </Button>
            </View>
          </View>
        ) : null}
        <FieldError message={errors.template} />
      </View>

      {/* (b) check-in */}
      <View id="ck-checkin" className="ck-block">
        <View className="section-title">{self ? '自查位置' : '现场签到'}</View>
        <View className="card ck-checkin">
          {draft.checkIn ? (
            <View>
              <View className="ck-checkin-done">{`✓ ${self ? '已定位' : '已签到'} ${formatTime(draft.checkIn.at)}`}</View>
              <View className="card-line">
                {[
                  draft.checkIn.accuracy !== undefined ? `定位精度 ±${draft.checkIn.accuracy} 米` : '',
                  distance !== undefined ? `距企业 ${formatDistance(distance)}` : '',
                ]
                  .filter(Boolean)
                  .join(' · ') || `经度 ${draft.checkIn.lng.toFixed(6)}，纬度 ${draft.checkIn.lat.toFixed(6)}`}
              </View>
            </View>
          ) : (
            <View className="muted">{self ? '点“定位”记录自查时所在的位置' : '到达企业后点“签到”，记录签到的位置和时间'}</View>
          )}
        </View>
        <View className="actions">
          <Button className="ck-checkin-btn" block size="large" type="primary" fill={draft.checkIn ? 'outline' : 'solid'} loading={locating} onClick={() => void checkIn()}>
            {draft.checkIn ? (self ? '重新定位' : '重新签到') : self ? '定位' : '签到'}
          </Button>
        </View>
        <FieldError message={locateError} />
        <FieldError message={errors.checkIn} />
        {reasonShown ? (
          <View className="ck-reason">
            <View className="notice">{`签到位置距企业超过 ${reasonOverM(draft)} 米，请说明原因（必填）`}</View>
            <Field
              label="原因"
              name="reason"
              value={draft.checkIn?.reason ?? ''}
              placeholder="如：企业位置登记有误、在企业分厂区检查"
              error={errors.reason}
              onChange={(reason) => {
                update((d) => (d.checkIn ? { checkIn: { ...d.checkIn, reason } } : {}));
                clearError('reason');
              }}
            />
          </View>
        ) : null}
      </View>

      {/* (c) the items */}
      {t ? (
        <View className="ck-items">
          <View className="ck-progress">
            <Text>{`已填 ${answered}/${list.length} 项`}</Text>
            {pending.length ? (
              <Text className="link ck-upload-all" onClick={() => void uploads.uploadAll()}>
                {`上传全部（${pending.length} 张未上传）`}
              </Text>
            ) : null}
          </View>
          {(() => {
            let n = 0;
            return t.sections.map((s, si) => (
              <View key={`${si}-${s.title}`} className="ck-section">
                <View className="section-title ck-section-title">{s.title}</View>
                {s.items.map((item) => {
                  n += 1;
                  return (
                    <ItemCard
                      key={item.id}
                      item={item}
                      n={n}
                      answer={draft.answers[item.id]}
                      errors={itemErrors(item.id)}
                      actions={{
                        change: (change) => setAnswer(item.id, change),
                        addPhotos: (field) => void addPhotos(item.id, field),
                        retry: (p) => void uploads.upload(p),
                        removePhoto: (field, p) => {
                          touched.current = true;
                          uploads.remove(item.id, field, p);
                        },
                      }}
                    />
                  );
                })}
              </View>
            ));
          })()}
          {rest.length && answered > 0 ? (
            <View className="ck-fill-rest">
              <Button className="ck-fill-rest-btn" block size="large" type="primary" fill="outline" onClick={fillRest}>
                {`其余全部符合（${rest.length} 项）`}
              </Button>
              <View className="muted ck-hint">
                {`尚未填写的“符合 / 不符合”项都填为符合，可逐项修改；已填写的不变${list.some((i) => i.kind !== 'passfail' && !isAnswered(i, draft.answers[i.id])) ? '；数值、文字和照片项仍须逐项填写' : ''}`}
              </View>
            </View>
          ) : null}
          {filled.length ? (
            <View className="notice ck-filled">
              <Text>{`已自动填写 ${filled.length} 项符合（标有“自动填写”），可逐项修改`}</Text>
              <Text className="link ck-fill-undo" onClick={() => update((d) => ({ answers: undoFillRest(t, d.answers) }))}>
                撤销
              </Text>
            </View>
          ) : null}
        </View>
      ) : null}

      {/* (d) summary and signature */}
      <View id="ck-summary" className="ck-block">
        <View className="section-title">检查意见</View>
        <View className="ck-textarea">
          <TextArea
            name="summary"
            value={draft.summary}
            placeholder="选填：总体情况、整改要求等"
            maxLength={500}
            showCount
            autoSize
            onChange={(summary: string) => {
              update({ summary });
              clearError('summary');
            }}
          />
        </View>
        <FieldError message={errors.summary} />
      </View>
      <View className="section-title">{self ? '负责人签字' : '企业签字'}</View>
      <View id="ck-signer">
        <Field
          label="签字人"
          name="signerName"
          value={draft.signerName}
          placeholder={self ? '企业负责人姓名' : '企业负责人或陪同人员姓名'}
          error={errors.signerName}
          onChange={(signerName) => {
            update({ signerName });
            clearError('signerName');
          }}
        />
      </View>
      <View id="ck-signature" className="ck-signature">
        {draft.signature && !resigning ? (
          <View className="ck-signed">
            <Image className="ck-signature-img" src={draft.signature.path} mode="aspectFit" />
            <View className="ck-signed-row">
              <Text className="ck-signed-ok">✓ 签名已确认</Text>
              <Text className="link ck-resign" onClick={() => setResigning(true)}>
                重新签名
              </Text>
            </View>
          </View>
        ) : (
          <View>
            <SignaturePad id="ck-pad" onChange={(png) => png && void signed(png)} />
            {draft.signature ? (
              <View className="link ck-resign-cancel" onClick={() => setResigning(false)}>
                取消重签，使用原签名
              </View>
            ) : null}
          </View>
        )}
        <FieldError message={errors.signature} />
      </View>

      {/* (e) submit */}
      <View id="ck-general">
        {general ? (
          <View className="notice ck-general">
            <Text>{general}</Text>
          </View>
        ) : null}
      </View>
      <View className="actions">
        <Button className="ck-submit" block type="primary" size="large" loading={submitting} onClick={() => void submit()}>
          提交
        </Button>
      </View>
      <View className="muted ck-draft-note" onClick={() => void Taro.navigateTo({ url: CHECK_PAGES.drafts }).catch(() => undefined)}>
        填写的内容会自动保存在手机上（检查草稿），没有网络也可继续填写，有网络后再上传照片和提交
      </View>
      <PrivacyPrompt />
    </View>
  );
}
