import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty, TextArea } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { COMMITMENT_COLOURS, INDUSTRIES, type CommitmentColour, type Industry } from '@safegrid/shared';
import { ApiError, call, messageOf } from '../../../api/client';
import { newId } from '../../../lib/id';
import { queryParam } from '../../../lib/routes';
import { formatTime } from '../../../lib/time';
import { districtGrantOf } from '../../../lib/grants';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Choices, Field, FieldError } from '../../../components/Field';
import { ColourBand, LetterBody } from '../../components/Letter';
import {
  BLOCK_KINDS,
  block,
  bodyOf,
  emptyForm,
  formOf,
  letterOf,
  moved,
  newItemId,
  shownErrors,
  type BlockForm,
  type ItemForm,
  type Part,
  type Template,
  type TemplateForm,
} from '../../templates';
import '../../commitment.css';

const COLOUR_OPTIONS = COMMITMENT_COLOURS.map((c) => ({ value: c, label: `${c}色` }));
const PLACEHOLDERS = { heading: '标题，如 安全生产告知书', paragraph: '段落内容', list: '列表，每行一项' } as const;

/** 上移 / 下移 / 删除 of a block or an item. */
function Ops({ first, last, onMove, onRemove }: { first: boolean; last: boolean; onMove: (by: -1 | 1) => void; onRemove?: () => void }) {
  return (
    <View className="ct-ops">
      <Text className={`ct-op ${first ? 'ct-op-off' : ''}`} onClick={() => !first && onMove(-1)}>
        上移
      </Text>
      <Text className={`ct-op ${last ? 'ct-op-off' : ''}`} onClick={() => !last && onMove(1)}>
        下移
      </Text>
      {onRemove ? (
        <Text className="ct-op ct-op-danger" onClick={onRemove}>
          删除
        </Text>
      ) : null}
    </View>
  );
}

/** 告知书 or 承诺书: blocks of text, each a heading, a paragraph or a list (one item a line). */
function Blocks({ part, blocks, errors, onChange }: { part: Part; blocks: BlockForm[]; errors: Record<string, string>; onChange: (blocks: BlockForm[]) => void }) {
  const setBlock = (key: string, change: Partial<BlockForm>) => onChange(blocks.map((b) => (b.key === key ? { ...b, ...change } : b)));
  return (
    <View className={`ct-part ct-${part}`}>
      {blocks.map((b, i) => (
        <View key={b.key} className="ct-block">
          <View className="ct-head">
            <Text className="ct-no">{`第 ${i + 1} 段`}</Text>
            <Ops first={i === 0} last={i === blocks.length - 1} onMove={(by) => onChange(moved(blocks, i, by))} onRemove={() => onChange(blocks.filter((x) => x.key !== b.key))} />
          </View>
          <Choices options={BLOCK_KINDS} value={b.kind} onChange={(kind) => setBlock(b.key, { kind })} />
          <View className="ct-textarea">
            <TextArea name={`${part}-${i + 1}`} value={b.text} placeholder={PLACEHOLDERS[b.kind]} maxLength={2000} autoSize onChange={(text: string) => setBlock(b.key, { text })} />
          </View>
          <FieldError message={errors[`${part}.${b.key}`]} />
        </View>
      ))}
      <FieldError message={errors[part]} />
      <View className="ct-add" onClick={() => onChange([...blocks, block()])}>
        ＋ 添加一段
      </View>
    </View>
  );
}

/**
 * 编辑承诺书 (`?district=&id=`, or `&colour=` for a new one): title, colour, the industries it
 * applies to (one letter per industry), 告知书, 自查表 (items added, removed and moved; each its
 * text and legal basis) and 承诺书. 预览 shows it as the owner will read it, without signing.
 * 发布新版本 publishes the version after the one loaded, after saying that owners will sign again;
 * someone else's publish in between is a 409, shown with 刷新.
 */
export default function CommitmentTemplateEditor() {
  const { user, role } = useSession();
  const params = useRouter().params;
  const district = queryParam(params.district) || districtGrantOf(user, role)?.path || '';
  const id = queryParam(params.id);
  const colour = (COMMITMENT_COLOURS as readonly string[]).includes(queryParam(params.colour)) ? (queryParam(params.colour) as CommitmentColour) : '绿';
  const [newTemplateId] = useState(newId);
  const [templates, setTemplates] = useState<Template[]>();
  const [loaded, setLoaded] = useState<Template>();
  const [form, setForm] = useState<TemplateForm>();
  const [loadError, setLoadError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState('');
  const [previewing, setPreviewing] = useState(false);
  const [publishing, setPublishing] = useState(false);

  const load = async () => {
    setLoadError('');
    try {
      const list = (await call('listCommitmentTemplates', { query: { district } })).templates;
      const found = id ? list.find((t) => t.id === id) : undefined;
      if (id && !found) return setLoadError('没有找到该承诺书，请返回列表刷新');
      setTemplates(list);
      setLoaded(found);
      setForm(found ? formOf(found) : (f) => f ?? emptyForm(colour));
      setErrors({});
      setConflict('');
    } catch (e) {
      setLoadError(messageOf(e));
    }
  };
  useEffect(() => {
    if (user && district) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, district]);

  if (!user) return <View className="page" />;
  const title = id ? '编辑承诺书' : '新建承诺书';
  if (!district || !form || !templates) {
    return (
      <View className="page cm-page">
        <Hero title={title} />
        {!district ? <Empty status="error" title="无法编辑" description="您没有区级辖区，无法维护承诺书模板" /> : null}
        {district && loadError ? <Empty status="error" title="加载失败" description={loadError} /> : null}
        {district && !loadError ? <View className="card muted">加载中…</View> : null}
      </View>
    );
  }

  const templateId = loaded?.id ?? newTemplateId;
  const baseVersion = loaded?.version ?? 0;
  const others = templates.filter((t) => t.id !== templateId);
  const set = (change: Partial<TemplateForm>) => setForm((f) => f && { ...f, ...change });
  const setItems = (fn: (items: ItemForm[]) => ItemForm[]) => setForm((f) => f && { ...f, selfCheck: fn(f.selfCheck) });
  const setItem = (itemId: string, change: Partial<ItemForm>) => setItems((items) => items.map((x) => (x.id === itemId ? { ...x, ...change } : x)));
  const toggleIndustry = (x: Industry) => set({ industries: INDUSTRIES.filter((y) => (y === x ? !form.industries.includes(x) : form.industries.includes(y))) });
  const err = (key: string) => errors[key];

  const publish = async () => {
    if (publishing) return;
    setErrors({});
    setConflict('');
    const { body, errors: found } = bodyOf(form, district, templateId, baseVersion, others);
    if (!body) {
      setPreviewing(false);
      return setErrors(found);
    }
    const { confirm } = await Taro.showModal({
      title: `发布第 ${baseVersion + 1} 版`,
      content: baseVersion
        ? `发布后，适用行业（${form.industries.join('、')}）的企业须按新版本重新签署承诺书；已签署的旧版本仍保留。确定发布？`
        : `发布后，适用行业（${form.industries.join('、')}）的企业即须阅读并签署此承诺书。确定发布？`,
      confirmText: '发布',
    }).catch(() => ({ confirm: false }));
    if (!confirm) return;
    setPublishing(true);
    try {
      const res = await call('publishCommitmentTemplate', { body });
      void Taro.showToast({ title: `已发布第${res.template.version}版`, icon: 'success' }).catch(() => undefined);
      void Taro.navigateBack().catch(() => undefined);
    } catch (e) {
      setPreviewing(false);
      if (e instanceof ApiError && e.status === 409) setConflict(e.message);
      else if (e instanceof ApiError && e.fields && Object.keys(e.fields).length) setErrors(shownErrors(e.fields, form));
      else setErrors({ general: messageOf(e) });
    } finally {
      setPublishing(false);
    }
  };

  const publishButton = (
    <Button block size="large" type="primary" loading={publishing} onClick={() => void publish()}>
      发布新版本
    </Button>
  );

  if (previewing) {
    const letter = letterOf(form);
    return (
      <View className="page cm-page ct-preview">
        <View className="notice">预览：企业负责人看到的承诺书如下（企业名称、年度按实际显示；预览不能作答和签名）。</View>
        <Hero title={form.title || '（未填写标题）'} sub={`（企业名称） · ${new Date().getFullYear()}年度 · 第 ${baseVersion + 1} 版`}>
          <View className="hero-tags">
            <ColourBand colour={form.colour} />
          </View>
        </Hero>
        <View className="muted cm-guide">请依次阅读告知书、逐项填写自查表、阅读承诺书；阅读至末尾并完成自查后即可签名签署。</View>
        <LetterBody notice={letter.notice} selfCheck={letter.selfCheck} commitment={letter.commitment} />
        <View className="section-title">签署</View>
        <View className="card cm-locked">
          <View className="muted">企业负责人阅读至末尾并完成自查后，在此手写签名签署</View>
        </View>
        <View className="actions">
          <Button block size="large" fill="outline" type="primary" onClick={() => setPreviewing(false)}>
            返回编辑
          </Button>
        </View>
        <View className="actions">{publishButton}</View>
      </View>
    );
  }

  const errorCount = Object.keys(errors).filter((k) => k !== 'general').length;
  return (
    <View className="page cm-page ct-page">
      <Hero title={title} sub={loaded ? `${loaded.title} · 当前第 ${loaded.version} 版 · ${formatTime(loaded.publishedAt)} 发布` : '发布后适用行业的企业即须签署'} />
      <View className="notice">{`发布将生成第 ${baseVersion + 1} 版：适用行业的企业须按新版本重新签署；已签署的旧版本仍保留，可查验。`}</View>
      {conflict ? (
        <View className="notice ct-conflict">
          <Text>{conflict}</Text>
          <FieldError message={loadError} />
          <View className="actions">
            <Button block type="primary" fill="outline" onClick={() => void load()}>
              刷新（放弃本次修改）
            </Button>
          </View>
        </View>
      ) : null}

      <View className="section-title">基本信息</View>
      <Field label="标题" name="title" value={form.title} placeholder="如 工贸企业安全生产告知承诺书" error={err('title')} onChange={(v) => set({ title: v })} />
      <View className="ct-label">颜色</View>
      <Choices options={COLOUR_OPTIONS} value={form.colour} onChange={(c) => set({ colour: c })} />
      <FieldError message={err('colour')} />
      <View className="ct-label">适用行业（可多选；每个行业只适用一份承诺书）</View>
      <View className="choices">
        {INDUSTRIES.map((x) => {
          const by = others.find((t) => t.industries.includes(x));
          return (
            <View key={x} className={`choice ${form.industries.includes(x) ? 'choice-on' : ''} ${by && !form.industries.includes(x) ? 'ct-taken' : ''}`} onClick={() => (!by || form.industries.includes(x) ? toggleIndustry(x) : undefined)}>
              <Text>{by ? `${x}（${by.colour}色）` : x}</Text>
            </View>
          );
        })}
      </View>
      <FieldError message={err('industries')} />

      <View className="cm-part">一、告知书</View>
      <Blocks part="notice" blocks={form.notice} errors={errors} onChange={(notice) => set({ notice })} />

      <View className="cm-part">二、自查表</View>
      <View className="muted ct-hint">企业逐项选择“符合 / 不符合 / 不适用”；“不符合”的项目在签署后转为隐患。</View>
      {form.selfCheck.map((item, i) => (
        <View key={item.id} className={`ct-block ct-item ct-item-${item.id}`}>
          <View className="ct-head">
            <Text className="ct-no">{`第 ${i + 1} 项`}</Text>
            <Ops
              first={i === 0}
              last={i === form.selfCheck.length - 1}
              onMove={(by) => setItems((items) => moved(items, i, by))}
              onRemove={form.selfCheck.length > 1 ? () => setItems((items) => items.filter((x) => x.id !== item.id)) : undefined}
            />
          </View>
          <View className="ct-textarea">
            <TextArea name={`item-${item.id}`} value={item.text} placeholder="自查内容，如：是否建立全员安全生产责任制" maxLength={300} autoSize onChange={(v: string) => setItem(item.id, { text: v })} />
          </View>
          <FieldError message={err(`selfCheck.${item.id}.text`)} />
          <Field label="依据" name={`basis-${item.id}`} value={item.basis} placeholder="选填，如《安全生产法》第四条" error={err(`selfCheck.${item.id}.basis`)} onChange={(v) => setItem(item.id, { basis: v })} />
        </View>
      ))}
      <FieldError message={err('selfCheck')} />
      {form.selfCheck.length < 60 ? (
        <View className="ct-add" onClick={() => setItems((items) => [...items, { id: newItemId(items), text: '', basis: '' }])}>
          ＋ 添加自查项
        </View>
      ) : null}

      <View className="cm-part">三、承诺书</View>
      <Blocks part="commitment" blocks={form.commitment} errors={errors} onChange={(commitment) => set({ commitment })} />

      {errorCount ? <FieldError message={`有 ${errorCount} 处需要修改，请查看上方标红的提示`} /> : null}
      <FieldError message={err('general')} />
      <View className="actions">
        <Button block size="large" fill="outline" type="primary" onClick={() => setPreviewing(true)}>
          预览
        </Button>
      </View>
      <View className="actions">{publishButton}</View>
    </View>
  );
}
