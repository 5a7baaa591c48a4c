import Taro, { useRouter } from '@tarojs/taro';
import { getLocation } from '../../../lib/location';
import { Text, View } from '@tarojs/components';
import { Button, Switch } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState, type SetStateAction } from 'react';
import { HAZARD_CATEGORIES, ReportHazardBody, validate, type BodyOf, type GrantView } from '@safegrid/shared';
import { ApiError, call, messageOf } from '../../../api/client';
import { newId } from '../../../lib/id';
import { HAZARD_PAGES, pageUrl } from '../../../lib/routes';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Choices, Field, FieldError, otherErrors } from '../../../components/Field';
import { clearDraft, fieldErrors, loadDraft, photosPending, saveDraft, uploadedKeys, type ReportDraft, type UploadItem } from '../../lib';
import { PhotoUploader } from '../../components/PhotoUploader';
import { EnterprisePicker } from '../../components/EnterprisePicker';
import { TextAreaField } from '../../components/Fields';
import { PrivacyPrompt } from '../../../components/PrivacyPrompt';
import { askToNotify, prepareNotices } from '../../../lib/notify';
import '../../hazard.css';

const CATEGORIES = HAZARD_CATEGORIES.map((value) => ({ value, label: value }));
/** The fields shown next to their inputs; `location` stands for lng and lat. */
const SHOWN = ['photos', 'location', 'address', 'description', 'category', 'enterpriseId', 'anonymous'];
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
/** The errors a change of the draft answers: a field's error goes as soon as that field changes. */
const ERRORS_OF: Partial<Record<keyof ReportDraft, string[]>> = {
  photos: ['photos'],
  location: ['location'],
  address: ['address'],
  description: ['description'],
  category: ['category'],
  enterprise: ['enterpriseId'],
  anonymous: ['anonymous'],
  internal: ['enterpriseId', 'anonymous'],
};
const cancelled = (e: unknown) => /cancel/i.test(String((e as { errMsg?: string })?.errMsg ?? ''));

/** A worker's enterprises: an internal report (内部报告) is about one of these. */
const workerEnterprises = (grants: GrantView[]) =>
  grants.filter((g) => g.role === 'worker' && g.enterpriseId).map((g) => ({ id: g.enterpriseId!, name: g.enterpriseName ?? g.enterpriseId! }));

function freshDraft(internal: boolean, own: { id: string; name: string }[]): ReportDraft {
  return { id: newId(), description: '', anonymous: internal, internal, enterprise: internal ? own[0] : undefined, photos: [] };
}

/**
 * 随手拍 / 巡查上报 / 内部报告: photos (uploaded as they are picked), where (the phone's position,
 * adjustable on the map in WeChat), what (description, category), optionally which enterprise, and
 * whether to stay anonymous. Everything is kept on the phone as it is typed, with the report's id,
 * so a closed app or a failed submit loses nothing and a retry makes one record.
 */
export default function HazardReport() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const own = user ? workerEnterprises(user.grants) : [];
  const [draft, setDraft] = useState<ReportDraft>(() => {
    const wantInternal = params.mode === 'internal' && own.length > 0;
    const stored = user ? loadDraft(user.id) : undefined;
    if (!stored) return freshDraft(wantInternal, own);
    return wantInternal && !stored.internal ? { ...stored, internal: true, anonymous: true, enterprise: own[0] } : stored;
  });
  const [area, setArea] = useState<{ name?: string; error?: string }>();
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>();
  const [general, setGeneral] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const finished = useRef(false);
  const weapp = process.env.TARO_ENV === 'weapp';

  const clearErrors = (keys: string[]) =>
    setErrors((e) => {
      if (!e || !keys.some((k) => k in e)) return e;
      const rest = Object.fromEntries(Object.entries(e).filter(([k]) => !keys.includes(k)));
      return Object.keys(rest).length ? rest : undefined;
    });
  const update = (change: Partial<ReportDraft>) => {
    setDraft((d) => ({ ...d, ...change }));
    clearErrors((Object.keys(change) as (keyof ReportDraft)[]).flatMap((k) => ERRORS_OF[k] ?? []));
  };
  const setPhotos = (next: SetStateAction<UploadItem[]>) => {
    setDraft((d) => ({ ...d, photos: typeof next === 'function' ? next(d.photos) : next }));
    clearErrors(['photos']);
  };

  // Keep the draft on the phone as it changes (not after it was sent).
  useEffect(() => {
    if (user && !finished.current) saveDraft(user.id, draft);
  }, [user, draft]);

  const locate = async () => {
    setLocating(true);
    setLocateError('');
    try {
      const at = await getLocation();
      update({ location: { lng: round6(at.longitude), lat: round6(at.latitude) } });
    } catch {
      setLocateError('无法获取位置：请打开手机定位、允许小程序使用位置后点“重新定位”');
    } finally {
      setLocating(false);
    }
  };

  const pickOnMap = async () => {
    try {
      const at = draft.location;
      const res = await Taro.chooseLocation(at ? { longitude: at.lng, latitude: at.lat } : {});
      update({ location: { lng: round6(res.longitude), lat: round6(res.latitude) }, address: draft.address || res.name || res.address || '' });
    } catch (e) {
      if (!cancelled(e)) setLocateError('无法打开地图选点，请稍后重试');
    }
  };

  // The templates the submit tap asks for, when the page was opened without a home (a message's link).
  useEffect(() => void prepareNotices(), []);

  useEffect(() => {
    if (user && !draft.location) void locate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Which grid the position falls in.
  const lng = draft.location?.lng;
  const lat = draft.location?.lat;
  useEffect(() => {
    if (lng === undefined || lat === undefined) return;
    let live = true;
    setArea(undefined);
    call('locateArea', { query: { lng, lat } })
      .then((res) => live && setArea({ name: res.names.length ? res.names.join(' · ') : res.areaName }))
      .catch((e: unknown) => live && setArea({ error: messageOf(e) }));
    return () => {
      live = false;
    };
  }, [lng, lat]);

  if (!user) return <View className="page" />;

  const setInternal = (internal: boolean) =>
    update(internal ? { internal, anonymous: true, enterprise: own[0] } : { internal, enterprise: undefined, anonymous: false });

  const bodyOf = (): BodyOf<'reportHazard'> => {
    const address = draft.address?.trim();
    return {
      id: draft.id,
      description: draft.description.trim(),
      category: draft.category!,
      photos: uploadedKeys(draft.photos),
      lng: draft.location?.lng as number,
      lat: draft.location?.lat as number,
      ...(address ? { address } : {}),
      ...(draft.enterprise ? { enterpriseId: draft.enterprise.id } : {}),
      anonymous: draft.anonymous,
    };
  };

  const check = (body: BodyOf<'reportHazard'>): Record<string, string> | undefined => {
    const found: Record<string, string> = {};
    const result = validate(ReportHazardBody, body);
    if (!result.ok) Object.assign(found, toShown(result.fields));
    if (draft.photos.length === 0) found.photos = '请至少拍摄或选择1张照片';
    else if (photosPending(draft.photos)) found.photos = photosPending(draft.photos);
    if (!draft.location) found.location = '还没有位置：请点“重新定位”' + (weapp ? '或“在地图上选点”' : '');
    if (!draft.category) found.category = '请选择隐患类别';
    return Object.keys(found).length ? found : undefined;
  };

  const submit = async () => {
    setErrors(undefined);
    setGeneral('');
    const body = bodyOf();
    const invalid = check(body);
    if (invalid) return setErrors(invalid);
    // Asked at this tap, before anything is awaited (WeChat shows its dialog only during a tap): to be
    // told of the outcome, and of the reward a public or worker report may earn. The report goes ahead meanwhile.
    const asked = askToNotify(role === 'public' || role === 'worker' ? ['hazardOutcome', 'rewardOutcome'] : ['hazardOutcome']);
    setSubmitting(true);
    try {
      const res = await call('reportHazard', { body });
      finished.current = true;
      clearDraft(user.id);
      // Leave the page only once the dialog is answered (at once when none was shown).
      await asked;
      void Taro.showToast({ title: '已提交', icon: 'success' }).catch(() => undefined);
      void Taro.redirectTo({ url: pageUrl(HAZARD_PAGES.detail, { id: res.hazard.id }) }).catch(() => undefined);
    } catch (e) {
      const fields = e instanceof ApiError && e.fields ? toShown(e.fields) : {};
      if (Object.keys(fields).some((k) => SHOWN.includes(k))) setErrors(fields);
      else setGeneral(`${messageOf(e)}${e instanceof ApiError && e.code === 'NETWORK' ? '。已填写的内容已保存，可稍后再点“提交”' : ''}`);
    } finally {
      setSubmitting(false);
    }
  };

  const title = role === 'gridworker' || role === 'supervisor' ? '巡查上报' : draft.internal ? '内部报告' : '随手拍';
  const sub = draft.internal ? '报告本企业的安全隐患，企业看不到您的身份' : '拍下身边的安全隐患，网格员会尽快核实处理';
  const err = (k: string) => errors?.[k];

  return (
    <View className="page hz-page">
      <Hero title={title} sub={sub} />
      {own.length > 0 ? (
        <View className="hz-field">
          <View className="section-title">报告方式</View>
          <Choices
            options={[
              { value: 'public', label: '随手拍' },
              { value: 'internal', label: '内部报告（本企业）' },
            ]}
            value={draft.internal ? 'internal' : 'public'}
            onChange={(v) => setInternal(v === 'internal')}
          />
        </View>
      ) : null}

      <View className="section-title">现场照片（最多 9 张）</View>
      <PhotoUploader items={draft.photos} setItems={setPhotos} error={err('photos')} />

      <View className="section-title">位置</View>
      <View className="hz-location">
        {draft.location ? (
          <View className="hz-coords">
            <Text>{`经度 ${draft.location.lng.toFixed(6)}，纬度 ${draft.location.lat.toFixed(6)}`}</Text>
          </View>
        ) : (
          <View className="muted">{locating ? '正在获取位置…' : '尚未获取位置'}</View>
        )}
        {area?.name ? <View className="hz-area">{`所属网格：${area.name}`}</View> : null}
        {area?.error ? <View className="hz-area hz-area-error">{area.error}</View> : null}
        <View className="hz-location-actions">
          <Button size="large" fill="outline" type="primary" loading={locating} onClick={() => void locate()}>
            重新定位
          </Button>
          {weapp ? (
            <Button size="large" fill="outline" type="primary" onClick={() => void pickOnMap()}>
              在地图上选点
            </Button>
          ) : null}
        </View>
        <FieldError message={locateError} />
        <FieldError message={err('location')} />
      </View>
      <Field
        label="位置说明"
        name="address"
        value={draft.address ?? ''}
        placeholder="选填，如：3号楼地下车库入口"
        error={err('address')}
        onChange={(v) => update({ address: v })}
      />

      <TextAreaField
        label="隐患描述"
        name="description"
        value={draft.description}
        maxLength={500}
        placeholder="在哪里、有什么隐患（至少5个字），如：地下车库消防通道堆满杂物"
        error={err('description')}
        onChange={(v) => update({ description: v })}
      />

      <View className="hz-field">
        <View className="section-title">隐患类别</View>
        <Choices options={CATEGORIES} value={draft.category} onChange={(v) => update({ category: v })} />
        <FieldError message={err('category')} />
      </View>

      {draft.internal && own.length > 0 ? (
        <View className="hz-field">
          <View className="section-title">涉及企业</View>
          <Choices options={own.map((e) => ({ value: e.id, label: e.name }))} value={draft.enterprise?.id} onChange={(id) => update({ enterprise: own.find((e) => e.id === id) })} />
          <FieldError message={err('enterpriseId')} />
        </View>
      ) : (
        <EnterprisePicker label="涉及企业" optional value={draft.enterprise} at={draft.location} error={err('enterpriseId')} onChange={(enterprise) => update({ enterprise })} />
      )}

      <View className="field-row hz-switch-row">
        <View className="hz-switch-text">
          <Text className="hz-switch-label">匿名举报</Text>
          <Text className="muted">仅监管人员可见举报人</Text>
        </View>
        <Switch className="hz-anonymous" checked={draft.anonymous} onChange={(v: boolean) => update({ anonymous: v })} />
      </View>
      <FieldError message={err('anonymous')} />

      <FieldError message={otherErrors(errors, SHOWN)} />
      {general ? (
        <View className="notice hz-general">
          <Text>{general}</Text>
        </View>
      ) : null}
      <View className="actions">
        <Button block type="primary" size="large" loading={submitting} onClick={() => void submit()}>
          提交
        </Button>
      </View>
      {draft.description || draft.photos.length ? <View className="muted hz-draft-note">填写的内容会自动保存在手机上，关闭后再打开仍在</View> : null}
      <PrivacyPrompt />
    </View>
  );
}

/** The API's field errors keyed as this form shows them: lng and lat are the location, `photos.N` the photos. */
function toShown(fields: Record<string, string>): Record<string, string> {
  const out = fieldErrors(fields);
  for (const k of ['lng', 'lat']) {
    if (out[k]) {
      out.location ??= out[k]!;
      delete out[k];
    }
  }
  return out;
}
