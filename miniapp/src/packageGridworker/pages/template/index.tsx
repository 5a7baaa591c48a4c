import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty, Switch, TextArea } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { HAZARD_CATEGORIES, HAZARD_LEVELS, INDUSTRIES, ITEM_KINDS, type Industry } from '@safegrid/shared';
import { ApiError, call, messageOf } from '../../../api/client';
import { districtGrantOf } from '../../../lib/grants';
import { queryParam } from '../../../lib/routes';
import { formatTime } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Choices, Field, FieldError } from '../../../components/Field';
import {
  KIND_LABELS,
  bodyOf,
  emptyForm,
  formOf,
  moved,
  shownErrors,
  withItem,
  withSection,
  type ItemForm,
  type SectionForm,
  type Template,
  type TemplateForm,
} from '../../templates';
import '../../templates.css';

const CATEGORY_OPTIONS = HAZARD_CATEGORIES.map((c) => ({ value: c, label: c }));
const KIND_OPTIONS = ITEM_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }));
const LEVEL_OPTIONS = HAZARD_LEVELS.map((l) => ({ value: l, label: `${l}隐患` }));

/** 上移 / 下移 / 删除 of a section or an item. */
function Ops({ first, last, onMove, onRemove }: { first: boolean; last: boolean; onMove: (by: -1 | 1) => void; onRemove: () => void }) {
  return (
    <View className="tp-ops">
      <Text className={`tp-op ${first ? 'tp-op-off' : ''}`} onClick={() => !first && onMove(-1)}>
        上移
      </Text>
      <Text className={`tp-op ${last ? 'tp-op-off' : ''}`} onClick={() => !last && onMove(1)}>
        下移
      </Text>
      <Text className="tp-op tp-op-danger" onClick={onRemove}>
        删除
      </Text>
    </View>
  );
}

/**
 * 编辑检查清单 (`?district=&id=`; without an id a new template): name, industries, 专项, and the
 * sections and their items, each of which can be added, removed and moved. 发布新版本 publishes
 * the version after the one loaded; someone else's publish in between is a 409, shown with 刷新.
 */
export default function CheckTemplateEditor() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const district = queryParam(params.district) || districtGrantOf(user, role)?.path || '';
  const id = queryParam(params.id);
  /** The version being edited; none for a new template. */
  const [loaded, setLoaded] = useState<Template>();
  const [form, setForm] = useState<TemplateForm | undefined>(() => (id ? undefined : emptyForm()));
  const [loadError, setLoadError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState('');
  const [publishing, setPublishing] = useState(false);

  const load = async () => {
    setLoadError('');
    try {
      const found = (await call('listCheckTemplates', { query: { district } })).templates.find((t) => t.id === id);
      if (!found) return setLoadError('没有找到该模板，请返回列表刷新');
      setLoaded(found);
      setForm(formOf(found));
      setErrors({});
      setConflict('');
    } catch (e) {
      setLoadError(messageOf(e));
    }
  };
  useEffect(() => {
    if (user && id && district) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, district]);

  if (!user) return <View className="page" />;
  const title = loaded ? '编辑检查清单' : '新建检查清单';
  if (!district || !form) {
    return (
      <View className="page tp-page">
        <Hero title={title} />
        {!district ? <Empty status="error" title="无法编辑" description="您没有区级辖区，无法维护检查清单" /> : null}
        {district && loadError ? <Empty status="error" title="加载失败" description={loadError} /> : null}
        {district && !loadError ? <View className="card muted">加载中…</View> : null}
      </View>
    );
  }

  const set = (change: Partial<TemplateForm>) => setForm((f) => f && { ...f, ...change });
  const setSections = (fn: (s: SectionForm[]) => SectionForm[]) => setForm((f) => f && { ...f, sections: fn(f.sections) });
  const setSection = (i: number, change: Partial<SectionForm>) => setSections((ss) => ss.map((s, k) => (k === i ? { ...s, ...change } : s)));
  const setItems = (i: number, fn: (items: ItemForm[]) => ItemForm[]) => setSections((ss) => ss.map((s, k) => (k === i ? { ...s, items: fn(s.items) } : s)));
  const setItem = (i: number, j: number, change: Partial<ItemForm>) => setItems(i, (items) => items.map((it, k) => (k === j ? { ...it, ...change } : it)));
  const toggleIndustry = (x: Industry) => set({ industries: INDUSTRIES.filter((y) => (y === x ? !form.industries.includes(x) : form.industries.includes(y))) });

  // A section holds many items: asked first. An item is quick to add again, so it goes at once.
  const removeSection = async (s: SectionForm, i: number) => {
    const { confirm } = await Taro.showModal({
      title: '删除分节',
      content: `删除“${s.title || `第 ${i + 1} 节`}”及其中的 ${s.items.length} 个检查项？`,
      confirmText: '删除',
      confirmColor: '#f53f3f',
    }).catch(() => ({ confirm: false }));
    if (confirm) setSections((ss) => ss.filter((x) => x.key !== s.key));
  };

  const baseVersion = loaded?.version ?? 0;
  const publish = async () => {
    if (publishing) return;
    setErrors({});
    setConflict('');
    const { body, errors: typed } = bodyOf(form, district, baseVersion);
    if (!body) return setErrors(shownErrors(typed, form));
    setPublishing(true);
    try {
      const res = await call('publishCheckTemplate', { body });
      void Taro.showToast({ title: `已发布第${res.template.version}版`, icon: 'success' }).catch(() => undefined);
      void Taro.navigateBack().catch(() => undefined);
    } catch (e) {
      // 409: someone published since this version was loaded — or, for a new template, its id is taken.
      if (e instanceof ApiError && e.status === 409) {
        if (loaded) setConflict(e.message);
        else setErrors({ id: e.message });
      } else if (e instanceof ApiError && e.fields && Object.keys(e.fields).length) setErrors(shownErrors(e.fields, form));
      else setErrors({ general: messageOf(e) });
    } finally {
      setPublishing(false);
    }
  };

  const err = (key: string) => errors[key];
  const errorCount = Object.keys(errors).filter((k) => k !== 'general').length;

  return (
    <View className="page tp-page">
      <Hero title={title} sub={loaded ? `${loaded.name} · 当前第 ${loaded.version} 版 · ${formatTime(loaded.publishedAt)} 发布` : '发布后网格员即可在现场检查中选用'} />
      <View className="notice">{`发布将生成第 ${baseVersion + 1} 版，之后开始的检查使用新版本；已完成的检查仍保留当时使用的版本，不受影响。`}</View>
      {conflict ? (
        <View className="notice">
          <Text>{conflict}</Text>
          <FieldError message={loadError} />
          <View className="tp-conflict-actions">
            <Button block type="primary" fill="outline" onClick={() => void load()}>
              刷新（放弃本次修改）
            </Button>
          </View>
        </View>
      ) : null}

      <View className="section-title">基本信息</View>
      {loaded ? (
        <View className="tp-kv">{`模板编号：${loaded.id}`}</View>
      ) : (
        <Field label="模板编号" name="id" value={form.id} placeholder="小写字母、数字和“-”，如 gas-use" error={err('id')} onChange={(v) => set({ id: v })} />
      )}
      <Field label="模板名称" name="name" value={form.name} placeholder="如 燃气使用场所安全检查表" error={err('name')} onChange={(v) => set({ name: v })} />
      <Field label="专项" name="campaign" value={form.campaign} placeholder="选填，如 燃气安全专项整治" error={err('campaign')} onChange={(v) => set({ campaign: v })} />
      <View className="tp-label">适用行业（可多选，不选为通用清单）</View>
      <View className="choices">
        {INDUSTRIES.map((x) => (
          <View key={x} className={`choice ${form.industries.includes(x) ? 'choice-on' : ''}`} onClick={() => toggleIndustry(x)}>
            <Text>{x}</Text>
          </View>
        ))}
      </View>
      <FieldError message={err('industries')} />

      {form.sections.map((s, i) => (
        <View key={s.key} className={`tp-section tp-section-${i + 1}`}>
          <View className="tp-head">
            <Text className="tp-section-no">{`第 ${i + 1} 节`}</Text>
            <Ops
              first={i === 0}
              last={i === form.sections.length - 1}
              onMove={(by) => setSections((ss) => moved(ss, i, by))}
              onRemove={() => void removeSection(s, i)}
            />
          </View>
          <Field label="分节标题" name={`title-${i + 1}`} value={s.title} placeholder="如 一、消防安全" error={err(`section.${s.key}.title`)} onChange={(v) => setSection(i, { title: v })} />
          <View className="tp-label">不符合项的隐患类别（不选为“其他”）</View>
          <Choices options={CATEGORY_OPTIONS} value={s.category} onChange={(category) => setSection(i, { category })} />
          {s.items.map((item, j) => (
            <View key={item.id} className={`tp-item tp-item-${item.id}`}>
              <View className="tp-head">
                <Text className="tp-item-no">{`第 ${j + 1} 项 · 编号 ${item.id}`}</Text>
                <Ops
                  first={j === 0}
                  last={j === s.items.length - 1}
                  onMove={(by) => setItems(i, (items) => moved(items, j, by))}
                  onRemove={() => setItems(i, (items) => items.filter((x) => x.id !== item.id))}
                />
              </View>
              <View className="tp-textarea">
                <TextArea
                  name={`text-${item.id}`}
                  value={item.text}
                  placeholder="检查内容，如：灭火器配置齐全且在有效期内"
                  maxLength={200}
                  showCount
                  autoSize
                  onChange={(v: string) => setItem(i, j, { text: v })}
                />
              </View>
              <FieldError message={err(`item.${item.id}.text`)} />
              <View className="tp-label">检查方式</View>
              <Choices options={KIND_OPTIONS} value={item.kind} onChange={(kind) => setItem(i, j, { kind })} />
              {item.kind === 'number' ? (
                <View>
                  {/* Typed as text: a limit may be below zero (冷库温度), and the digit keyboard has no minus. */}
                  <Field label="最小值" name={`min-${item.id}`} value={item.min} placeholder="低于此值为不符合" error={err(`item.${item.id}.min`)} onChange={(v) => setItem(i, j, { min: v })} />
                  <Field label="最大值" name={`max-${item.id}`} value={item.max} placeholder="高于此值为不符合" error={err(`item.${item.id}.max`)} onChange={(v) => setItem(i, j, { max: v })} />
                  <Field label="单位" name={`unit-${item.id}`} value={item.unit} placeholder="如 米、MPa、%LEL" error={err(`item.${item.id}.unit`)} onChange={(v) => setItem(i, j, { unit: v })} />
                </View>
              ) : null}
              <Field label="依据" name={`basis-${item.id}`} value={item.basis} placeholder="选填，如《消防法》第十六条" error={err(`item.${item.id}.basis`)} onChange={(v) => setItem(i, j, { basis: v })} />
              <View className="tp-label">不符合时的隐患等级</View>
              <Choices options={LEVEL_OPTIONS} value={item.failLevel} onChange={(failLevel) => setItem(i, j, { failLevel })} />
              <View className="field-row tp-switch-row">
                <Text>必查项（检查时必须填写）</Text>
                <Switch className={`tp-required-${item.id}`} checked={item.required} onChange={(v: boolean) => setItem(i, j, { required: v })} />
              </View>
              <FieldError message={err(`item.${item.id}`)} />
            </View>
          ))}
          <FieldError message={err(`section.${s.key}.items`)} />
          <View className="tp-add" onClick={() => setForm((f) => f && withItem(f, i))}>
            ＋ 添加检查项
          </View>
        </View>
      ))}
      <View className="tp-add" onClick={() => setForm((f) => f && withSection(f))}>
        ＋ 添加分节
      </View>

      {errorCount ? <FieldError message={`有 ${errorCount} 处需要修改，请查看上方标红的提示`} /> : null}
      <FieldError message={err('general')} />
      <View className="actions">
        <Button block size="large" type="primary" loading={publishing} onClick={() => void publish()}>
          发布新版本
        </Button>
      </View>
    </View>
  );
}
