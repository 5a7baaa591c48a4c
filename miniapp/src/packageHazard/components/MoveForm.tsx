import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import {
  ENFORCEMENT_OUTCOMES,
  HAZARD_CATEGORIES,
  HAZARD_LEVELS,
  MOVES,
  OPEN_STATES,
  validate,
  type EnforcementOutcome,
  type HazardCategory,
  type HazardLevel,
  type HazardSummary,
  type HazardView,
  type MoveBody,
  type MoveName,
  type NoticeKind,
  type ResponseOf,
} from '@safegrid/shared';
import { ApiError, call, messageOf } from '../../api/client';
import { Choices, Field, FieldError, otherErrors } from '../../components/Field';
import { formatYuan, yuanToFen } from '../../lib/money';
import { addDays, today } from '../../lib/time';
import { askToNotify, prepareNotices } from '../../lib/notify';
import { fieldErrors, moveLabels, moveSchema, photosPending, uploadedKeys, type UploadItem } from '../lib';
import { DateField, TextAreaField } from './Fields';
import { EnterprisePicker, type PickedEnterprise } from './EnterprisePicker';
import { PhotoUploader } from './PhotoUploader';

export type UserMove = Exclude<MoveName, 'escalate'>;
type Result = ResponseOf<'moveHazard'>;

const options = <T extends string>(values: readonly T[]) => values.map((value) => ({ value, label: value }));
const LEVELS = options(HAZARD_LEVELS);
const CATEGORIES = options(HAZARD_CATEGORIES);
const OUTCOMES = options(ENFORCEMENT_OUTCOMES);
const THEN = [
  { value: 'close' as const, label: '销号' },
  { value: 'rectify' as const, label: '退回整改' },
];
/** The default rectification time: a week for a general hazard, a month for a major one. */
const LEVEL_DAYS: Record<HazardLevel, number> = { 一般: 7, 重大: 30 };

interface Form {
  level?: HazardLevel;
  category?: HazardCategory;
  deadline: string;
  enterprise?: PickedEnterprise;
  note: string;
  duplicateOf: string;
  reason: string;
  measures: string;
  cost: string;
  personInCharge: string;
  interimMeasures: string;
  outcome?: EnforcementOutcome;
  documentNo: string;
  then?: 'close' | 'rectify';
}

function initialForm(move: UserMove, h: HazardView): Form {
  const day = today();
  const enterprise = h.enterpriseId ? { id: h.enterpriseId, name: h.enterpriseName ?? h.enterpriseId } : undefined;
  return {
    level: move === 'confirm' ? (h.level ?? '一般') : undefined,
    category: h.category,
    deadline: move === 'submitPlan' ? (h.deadline ?? addDays(day, 30)) : addDays(day, move === 'confirm' ? LEVEL_DAYS[h.level ?? '一般'] : 7),
    enterprise,
    note: '',
    duplicateOf: '',
    reason: '',
    measures: '',
    cost: '',
    personInCharge: '',
    interimMeasures: '',
    documentNo: '',
    then: move === 'enforce' ? 'close' : undefined,
  };
}

const text = (s: string) => (s.trim() ? s.trim() : undefined);
/** Leave out what is not set, so the body holds exactly the fields the move takes. */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The move as the API takes it (MoveBody in shared/src/hazard-api.ts), from what the form holds. */
export function moveOf(move: UserMove, f: Form, photos: string[], costFen: number | undefined): Record<string, unknown> {
  switch (move) {
    case 'confirm':
      return compact({ action: move, level: f.level, category: f.category, deadline: f.deadline, enterpriseId: f.enterprise?.id, note: text(f.note) });
    case 'merge':
      return compact({ action: move, duplicateOf: f.duplicateOf.trim(), note: text(f.note) });
    case 'reject':
      return { action: move, reason: f.reason.trim() };
    case 'fixOnSpot':
      return compact({ action: move, photos, note: f.note.trim(), category: f.category, enterpriseId: f.enterprise?.id });
    case 'submitPlan':
      return {
        action: move,
        plan: { measures: f.measures.trim(), costFen, personInCharge: f.personInCharge.trim(), deadline: f.deadline, interimMeasures: f.interimMeasures.trim() },
      };
    case 'submitEvidence':
      return { action: move, photos, note: f.note.trim() };
    case 'recheckPass':
      return compact({ action: move, note: text(f.note), photos: photos.length ? photos : undefined });
    case 'recheckFail':
      return compact({ action: move, reason: f.reason.trim(), deadline: f.deadline, photos: photos.length ? photos : undefined });
    case 'enforce':
      return compact({
        action: move,
        outcome: f.outcome,
        documentNo: f.documentNo.trim(),
        note: text(f.note),
        then: f.then,
        deadline: f.then === 'rectify' ? f.deadline : undefined,
      });
    case 'addNote':
      return compact({ action: move, note: f.note.trim(), photos: photos.length ? photos : undefined });
    case 'withdraw':
      return compact({ action: move, reason: text(f.reason) });
    case 'appeal':
      return { action: move, reason: f.reason.trim() };
  }
}

/** The fields each form shows next to their inputs; anything else goes into one message at the end. */
const SHOWN: Record<UserMove, string[]> = {
  confirm: ['level', 'category', 'deadline', 'enterpriseId', 'note'],
  merge: ['duplicateOf', 'note'],
  reject: ['reason'],
  fixOnSpot: ['photos', 'note', 'category', 'enterpriseId'],
  submitPlan: ['measures', 'costFen', 'personInCharge', 'deadline', 'interimMeasures'],
  submitEvidence: ['photos', 'note'],
  recheckPass: ['note', 'photos'],
  recheckFail: ['reason', 'deadline', 'photos'],
  enforce: ['outcome', 'documentNo', 'note', 'then', 'deadline'],
  addNote: ['note', 'photos'],
  withdraw: ['reason'],
  appeal: ['reason'],
};
const PHOTO_MOVES: UserMove[] = ['fixOnSpot', 'submitEvidence', 'recheckPass', 'recheckFail', 'addNote'];

/**
 * What the one making a move is asked to be told of next: a gridworker or supervisor triaging or
 * rechecking, of new reports in the grid and of evidence to recheck; an owner sending a plan or
 * evidence, of new hazards of the enterprise and of the letter to sign; enforcement, of new clues.
 */
const NOTICES_AT: Record<UserMove, NoticeKind[]> = {
  confirm: ['newReport', 'recheckDue'],
  merge: ['newReport', 'recheckDue'],
  reject: ['newReport', 'recheckDue'],
  fixOnSpot: ['newReport', 'recheckDue'],
  recheckPass: ['newReport', 'recheckDue'],
  recheckFail: ['newReport', 'recheckDue'],
  submitPlan: ['hazardAssigned', 'commitmentDue'],
  submitEvidence: ['hazardAssigned', 'commitmentDue'],
  enforce: ['enforcementClue'],
  // The reporter: of the outcome.
  addNote: ['hazardOutcome'],
  withdraw: [],
  appeal: ['hazardOutcome'],
};

/** The submit button: 提交：核实确认, but just 提交 under the title 提交整改材料 (not 提交：提交整改材料). */
export function submitLabel(move: UserMove): string {
  const label = MOVES[move].label;
  return label.startsWith('提交') ? '提交' : `提交：${label}`;
}

/** Other open hazards of the same area, the same enterprise's first: what a report may duplicate. */
function MergeCandidates({ hazard, value, onChange }: { hazard: HazardView; value: string; onChange: (id: string) => void }) {
  const [found, setFound] = useState<HazardSummary[]>();
  const [error, setError] = useState('');
  useEffect(() => {
    call('listHazards', { query: { area: hazard.area, limit: 50 } })
      .then((res) => {
        const open = res.hazards.filter((h) => h.id !== hazard.id && OPEN_STATES.includes(h.state));
        const same = (h: HazardSummary) => (hazard.enterpriseId && h.enterpriseId === hazard.enterpriseId ? 0 : 1);
        setFound([...open].sort((a, b) => same(a) - same(b)));
      })
      .catch((e: unknown) => setError(messageOf(e)));
  }, [hazard.id, hazard.area, hazard.enterpriseId]);
  return (
    <View className="hz-candidates">
      <View className="section-title">{`同一网格未办结的隐患${hazard.enterpriseName ? '（同一企业的在前）' : ''}`}</View>
      {!found && !error ? <View className="card muted">加载中…</View> : null}
      <FieldError message={error} />
      {found && found.length === 0 ? <View className="muted hz-hint">没有其他未办结的隐患，可直接输入编号</View> : null}
      {found?.map((h) => (
        <View key={h.id} className={`hz-candidate ${value === h.id ? 'hz-candidate-on' : ''}`} onClick={() => onChange(h.id)}>
          <View className="row">
            <Text className="hz-candidate-title">{`${h.category} · ${h.stateLabel}`}</Text>
            <Text className="muted">{value === h.id ? '✓ 已选' : h.createdAt.slice(0, 10)}</Text>
          </View>
          <View className="hz-candidate-desc">
            <Text>{h.description}</Text>
          </View>
          {h.enterpriseName ? <View className="muted">{h.enterpriseName}</View> : null}
        </View>
      ))}
    </View>
  );
}

/**
 * The form of one move on a hazard: exactly the fields MoveBody takes for it, checked with the
 * shared schema before sending; `version` is the one the page showed, so a move on a stale view is a
 * 409 (someone else moved it first) that the page answers by reloading.
 */
export function MoveForm({
  hazard,
  move,
  onDone,
  onCancel,
  onConflict,
}: {
  hazard: HazardView;
  move: UserMove;
  onDone: (res: Result) => void;
  onCancel: () => void;
  onConflict: (message: string) => void;
}) {
  const [form, setForm] = useState<Form>(() => initialForm(move, hazard));
  const [photos, setPhotos] = useState<UploadItem[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>();
  const [general, setGeneral] = useState('');
  const [saving, setSaving] = useState(false);
  const [deadlineTouched, setDeadlineTouched] = useState(false);
  // The templates the submit tap asks for, when no home brought them this session (a message's link).
  useEffect(() => void prepareNotices(), []);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const labels = moveLabels(move);
  const day = today();
  const at = { lng: hazard.lng, lat: hazard.lat };

  const setLevel = (level: HazardLevel) =>
    setForm((f) => ({ ...f, level, deadline: deadlineTouched ? f.deadline : addDays(day, LEVEL_DAYS[level]) }));
  const setDeadline = (deadline: string) => {
    setDeadlineTouched(true);
    set('deadline', deadline);
  };

  const submit = async () => {
    setErrors(undefined);
    setGeneral('');
    const found: Record<string, string> = {};
    if (PHOTO_MOVES.includes(move)) {
      const pending = photosPending(photos);
      if (pending) found.photos = pending;
    }
    let costFen: number | undefined;
    if (move === 'submitPlan') {
      costFen = yuanToFen(form.cost);
      if (costFen === undefined) {
        found.costFen = form.cost.trim() ? `${labels.costFen}：请填写金额（元），最多两位小数，如 1500.50` : `${labels.costFen}：请填写金额（元），没有可填 0`;
      }
      if (hazard.deadline && form.deadline > hazard.deadline) found.deadline = `${labels.deadline}：不能晚于整改期限 ${hazard.deadline}`;
    }
    if ((move === 'confirm' || move === 'fixOnSpot') && !form.category) found.category = '请选择隐患类别';
    if (move === 'confirm' && !form.enterprise) found.enterpriseId = '确认隐患须关联责任企业：请查找并选择';
    if (move === 'enforce' && !form.outcome) found.outcome = '请选择处置结果';
    const body = moveOf(move, form, uploadedKeys(photos), costFen ?? 0);
    const checked = validate(moveSchema(move), body);
    const all = { ...(checked.ok ? {} : fieldErrors(checked.fields, labels)), ...found };
    if (Object.keys(all).length > 0) return setErrors(all);

    // Asked at this tap, before anything is awaited (WeChat needs the tap), without holding up the move.
    void askToNotify(NOTICES_AT[move]);
    setSaving(true);
    try {
      const res = await call('moveHazard', { params: { id: hazard.id }, body: { version: hazard.version, move: body as MoveBody } });
      onDone(res);
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'CONFLICT' || e.status === 409)) return onConflict(e.message);
      const fields = e instanceof ApiError ? fieldErrors(e.fields) : {};
      // Next to the field when the form shows it (the rest in one line below); else the message as it came.
      if (Object.keys(fields).some((k) => SHOWN[move].includes(k))) setErrors(fieldErrors(e instanceof ApiError ? e.fields : undefined, labels));
      else setGeneral(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  const err = (key: string) => errors?.[key];
  const note = (label: string, required: boolean, max: number, placeholder?: string) => (
    <TextAreaField
      label={required ? label : `${label}（选填）`}
      name="note"
      value={form.note}
      maxLength={max}
      placeholder={placeholder}
      error={err('note')}
      onChange={(v) => set('note', v)}
    />
  );
  const category = (
    <View className="hz-field">
      <View className="section-title">隐患类别</View>
      <Choices options={CATEGORIES} value={form.category} onChange={(v) => set('category', v)} />
      <FieldError message={err('category')} />
    </View>
  );
  const enterprise = (optional: boolean) => (
    <EnterprisePicker label="责任企业" value={form.enterprise} onChange={(v) => set('enterprise', v)} at={at} optional={optional} error={err('enterpriseId')} />
  );
  const photoField = (label: string, optional: boolean) => (
    <View className="hz-field">
      <View className="section-title">{optional ? `${label}（选填）` : label}</View>
      <PhotoUploader items={photos} setItems={setPhotos} error={err('photos')} />
    </View>
  );

  return (
    <View className="hz-move-form">
      <View className="form-title">{MOVES[move].label}</View>
      {move === 'confirm' ? (
        <View>
          <View className="hz-field">
            <View className="section-title">隐患等级</View>
            <Choices options={LEVELS} value={form.level} onChange={setLevel} />
            {form.level === '重大' ? <View className="muted hz-hint">重大隐患：企业须先提交整改方案</View> : null}
            <FieldError message={err('level')} />
          </View>
          {category}
          <DateField label="整改期限" name="deadline" value={form.deadline} start={day} error={err('deadline')} onChange={setDeadline} />
          {enterprise(false)}
          {note('核实意见', false, 500)}
        </View>
      ) : null}
      {move === 'merge' ? (
        <View>
          <MergeCandidates hazard={hazard} value={form.duplicateOf} onChange={(id) => set('duplicateOf', id)} />
          <Field label="隐患编号" name="duplicateOf" value={form.duplicateOf} placeholder="选上面的一条，或输入编号" error={err('duplicateOf')} onChange={(v) => set('duplicateOf', v)} />
          {note('说明', false, 500)}
        </View>
      ) : null}
      {move === 'reject' ? (
        <TextAreaField label="驳回理由" name="reason" value={form.reason} maxLength={500} placeholder="如：现场核实无此隐患" error={err('reason')} onChange={(v) => set('reason', v)} />
      ) : null}
      {move === 'fixOnSpot' ? (
        <View>
          {photoField('整改后照片', false)}
          {note('整改情况', true, 500, '当场整改了什么')}
          {category}
          {enterprise(true)}
        </View>
      ) : null}
      {move === 'submitPlan' ? (
        <View>
          <TextAreaField label="整改措施" name="measures" value={form.measures} maxLength={1000} error={err('measures')} onChange={(v) => set('measures', v)} />
          <Field label="整改资金（元）" name="cost" type="digit" value={form.cost} placeholder="如 1500.50" error={err('costFen')} onChange={(v) => set('cost', v)} />
          {yuanToFen(form.cost) !== undefined ? <View className="muted hz-hint">{`即 ${formatYuan(yuanToFen(form.cost)!)}`}</View> : null}
          <Field label="整改责任人" name="personInCharge" value={form.personInCharge} placeholder="姓名" error={err('personInCharge')} onChange={(v) => set('personInCharge', v)} />
          <DateField
            label="完成期限"
            name="deadline"
            value={form.deadline}
            start={day}
            end={hazard.deadline}
            hint={hazard.deadline ? `不能晚于整改期限 ${hazard.deadline}` : undefined}
            error={err('deadline')}
            onChange={setDeadline}
          />
          <TextAreaField
            label="整改期间安全措施"
            name="interimMeasures"
            value={form.interimMeasures}
            maxLength={500}
            placeholder="整改完成前如何防止事故"
            error={err('interimMeasures')}
            onChange={(v) => set('interimMeasures', v)}
          />
        </View>
      ) : null}
      {move === 'submitEvidence' ? (
        <View>
          {photoField('整改后照片', false)}
          {note('整改情况说明', true, 1000)}
        </View>
      ) : null}
      {move === 'recheckPass' ? (
        <View>
          {note('复查意见', false, 500)}
          {photoField('复查照片', true)}
        </View>
      ) : null}
      {move === 'recheckFail' ? (
        <View>
          <TextAreaField label="不通过原因" name="reason" value={form.reason} maxLength={500} error={err('reason')} onChange={(v) => set('reason', v)} />
          <DateField label="新的整改期限" name="deadline" value={form.deadline} start={day} error={err('deadline')} onChange={setDeadline} />
          {photoField('复查照片', true)}
        </View>
      ) : null}
      {move === 'enforce' ? (
        <View>
          <View className="hz-field">
            <View className="section-title">处置结果</View>
            <Choices options={OUTCOMES} value={form.outcome} onChange={(v) => set('outcome', v)} />
            <FieldError message={err('outcome')} />
          </View>
          <Field label="文书编号" name="documentNo" value={form.documentNo} placeholder="如 泰高新应急罚〔2026〕12号" error={err('documentNo')} onChange={(v) => set('documentNo', v)} />
          {note('处置说明', false, 500)}
          <View className="hz-field">
            <View className="section-title">后续</View>
            <Choices options={THEN} value={form.then} onChange={(v) => set('then', v)} />
            <FieldError message={err('then')} />
          </View>
          {form.then === 'rectify' ? <DateField label="新的整改期限" name="deadline" value={form.deadline} start={day} error={err('deadline')} onChange={setDeadline} /> : null}
        </View>
      ) : null}
      {move === 'addNote' ? (
        <View>
          {note('补充说明', true, 500, '补充隐患的新情况')}
          {photoField('补充照片', true)}
        </View>
      ) : null}
      {move === 'withdraw' ? (
        <View>
          <View className="muted hz-hint">撤回后该隐患不再办理，也不再计奖励</View>
          <TextAreaField label="撤回原因（选填）" name="reason" value={form.reason} maxLength={500} error={err('reason')} onChange={(v) => set('reason', v)} />
        </View>
      ) : null}
      {move === 'appeal' ? (
        <View>
          <View className="muted hz-hint">申诉后隐患退回网格员重新核实；每条隐患只能申诉一次</View>
          <TextAreaField label="申诉理由" name="reason" value={form.reason} maxLength={500} placeholder="为什么认为驳回不当" error={err('reason')} onChange={(v) => set('reason', v)} />
        </View>
      ) : null}
      <FieldError message={otherErrors(errors, SHOWN[move])} />
      <FieldError message={general} />
      <View className="actions hz-form-actions">
        <Button block type="primary" size="large" loading={saving} onClick={() => void submit()}>
          {submitLabel(move)}
        </Button>
        <View className="entry-gap" />
        <Button block fill="outline" size="large" disabled={saving} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}
