import Taro from '@tarojs/taro';
import { getLocation } from '../../lib/location';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { useState, type ReactNode } from 'react';
import { ENTERPRISE_KINDS, ENTERPRISE_STATUSES, INDUSTRIES, RISK_CLASSES, SPECIAL_TAGS, type EnterpriseField } from '@safegrid/shared';
import { Choices, Field, FieldError } from '../../components/Field';
import { PersonPicker } from '../../components/PersonPicker';
import type { Crumb } from '../../components/AreaBrowser';
import { AreaChooser } from '../../components/AreaChooser';
import { riskLabel } from '../../lib/labels';
import { emptyContact, label, type ContactForm, type FormState, type Tag } from '../lib';

const options = <T extends string>(values: readonly T[], text: (v: T) => string = (v) => v) => values.map((value) => ({ value, label: text(value) }));
const KIND_OPTIONS = options(ENTERPRISE_KINDS);
const INDUSTRY_OPTIONS = options(INDUSTRIES);
const RISK_OPTIONS = options(RISK_CLASSES, riskLabel);
const STATUS_OPTIONS = options(ENTERPRISE_STATUSES);

/** The errors the form shows next to a field, so the rest can go into one general message. */
export function shownKeys(errors: Record<string, string> | undefined, fields: readonly EnterpriseField[]): string[] {
  return Object.keys(errors ?? {}).filter((k) => fields.some((f) => k === f || k.startsWith(`${f}.`)));
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View>
      <View className="section-title">{title}</View>
      {children}
    </View>
  );
}

function ContactFields({
  prefix,
  value,
  onChange,
  errors,
}: {
  prefix: string;
  value: ContactForm;
  onChange: (value: ContactForm) => void;
  errors?: Record<string, string>;
}) {
  return (
    <View>
      <Field label="姓名" name={`${prefix}.name`} value={value.name} error={errors?.[`${prefix}.name`]} onChange={(name) => onChange({ ...value, name })} />
      <Field
        label="电话"
        name={`${prefix}.phone`}
        type="number"
        value={value.phone}
        placeholder="11位手机号"
        error={errors?.[`${prefix}.phone`]}
        onChange={(phone) => onChange({ ...value, phone })}
      />
      <Field label="职务" name={`${prefix}.title`} value={value.title} placeholder="选填" error={errors?.[`${prefix}.title`]} onChange={(title) => onChange({ ...value, title })} />
    </View>
  );
}

/**
 * The fields of an enterprise's file, only those in `fields`, each with the shared schema's (or the
 * API's) message under it.
 */
export function EnterpriseForm({
  form,
  onChange,
  fields,
  errors,
  areaOptions,
  areaRoots,
  leaderArea,
}: {
  form: FormState;
  onChange: (form: FormState) => void;
  fields: readonly EnterpriseField[];
  errors?: Record<string, string>;
  /** The grids to choose from as chips (a gridworker's own). */
  areaOptions?: { value: string; label: string }[];
  /** Otherwise the areas to browse down from to a grid (a supervisor's, an admin's). */
  areaRoots?: Crumb[];
  /** Where guarantee leaders are searched (the user's own area holding the file). */
  leaderArea?: string;
}) {
  const [locating, setLocating] = useState(false);
  const has = (f: EnterpriseField) => fields.includes(f);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => onChange({ ...form, [key]: value });
  const text = (f: 'uscc' | 'name' | 'address' | 'legalRepresentative', placeholder?: string) =>
    has(f) ? <Field label={label(f)} name={f} value={form[f]} placeholder={placeholder} error={errors?.[f]} onChange={(v) => set(f, v)} /> : null;

  const locate = async () => {
    setLocating(true);
    try {
      const at = await getLocation();
      onChange({ ...form, lng: at.longitude.toFixed(6), lat: at.latitude.toFixed(6) });
    } catch {
      void Taro.showToast({ title: '无法获取位置，请手动填写', icon: 'none' });
    } finally {
      setLocating(false);
    }
  };

  const toggleTag = (tag: Tag) => set('tags', form.tags.includes(tag) ? form.tags.filter((t) => t !== tag) : [...form.tags, tag]);
  const setContact = (i: number, c: ContactForm) => set('contacts', form.contacts.map((old, j) => (j === i ? c : old)));

  return (
    <View className="ledger-form">
      {text('name', '营业执照上的名称')}
      {text('uscc', '18位，个体户没有可不填')}
      {has('kind') ? (
        <Group title={label('kind')}>
          <Choices options={KIND_OPTIONS} value={form.kind} onChange={(v) => set('kind', v)} />
          <FieldError message={errors?.kind} />
        </Group>
      ) : null}
      {text('address', '街道、门牌号')}
      {has('lng') || has('lat') ? (
        <View>
          {has('lng') ? <Field label={label('lng')} name="lng" type="digit" value={form.lng} placeholder="如 117.089" error={errors?.lng} onChange={(v) => set('lng', v)} /> : null}
          {has('lat') ? <Field label={label('lat')} name="lat" type="digit" value={form.lat} placeholder="如 36.198" error={errors?.lat} onChange={(v) => set('lat', v)} /> : null}
          <View className="actions">
            <Button size="small" fill="outline" type="primary" loading={locating} onClick={() => void locate()}>
              使用当前位置
            </Button>
          </View>
        </View>
      ) : null}
      {has('area') ? (
        areaOptions && areaOptions.length > 0 ? (
          <Group title={label('area')}>
            <Choices options={areaOptions} value={form.area} onChange={(v) => set('area', v)} />
            <FieldError message={errors?.area} />
          </Group>
        ) : (
          <AreaChooser
            label={label('area')}
            roots={areaRoots ?? []}
            hint="请在下方逐级找到企业所在的网格或微网格，点“选择”"
            selectable={(a) => a.level === 'grid' || a.level === 'microgrid'}
            value={form.area ? { path: form.area, name: form.areaName || '（已选择）' } : undefined}
            error={errors?.area}
            onChange={(a) => onChange({ ...form, area: a.path, areaName: a.name })}
          />
        )
      ) : null}
      {has('industry') ? (
        <Group title={label('industry')}>
          <Choices options={INDUSTRY_OPTIONS} value={form.industry} onChange={(v) => set('industry', v)} />
          <FieldError message={errors?.industry} />
        </Group>
      ) : null}
      {has('riskClass') ? (
        <Group title={label('riskClass')}>
          <Choices options={RISK_OPTIONS} value={form.riskClass} onChange={(v) => set('riskClass', v)} />
          <FieldError message={errors?.riskClass} />
        </Group>
      ) : null}
      {has('tags') ? (
        <Group title={`${label('tags')}（可多选）`}>
          <View className="choices">
            {SPECIAL_TAGS.map((t) => (
              <View key={t} className={`choice ${form.tags.includes(t) ? 'choice-on' : ''}`} onClick={() => toggleTag(t)}>
                <Text>{t}</Text>
              </View>
            ))}
          </View>
          <FieldError message={errors?.tags} />
        </Group>
      ) : null}
      {has('status') ? (
        <Group title={label('status')}>
          <Choices options={STATUS_OPTIONS} value={form.status} onChange={(v) => set('status', v)} />
          <FieldError message={errors?.status} />
        </Group>
      ) : null}
      {text('legalRepresentative')}
      {has('employees') ? (
        <Field label={label('employees')} name="employees" type="number" value={form.employees} placeholder="人数" error={errors?.employees} onChange={(v) => set('employees', v)} />
      ) : null}
      {has('safetyManager') ? (
        <Group title={`${label('safetyManager')}（选填）`}>
          <ContactFields prefix="safetyManager" value={form.safetyManager} errors={errors} onChange={(v) => set('safetyManager', v)} />
          <FieldError message={errors?.safetyManager} />
        </Group>
      ) : null}
      {has('contacts') ? (
        <Group title={label('contacts')}>
          {form.contacts.map((c, i) => (
            <View key={i} className="contact-group">
              <View className="row contact-head">
                <Text className="muted">{`联系人 ${i + 1}`}</Text>
                <Text className="link-danger" onClick={() => set('contacts', form.contacts.filter((_, j) => j !== i))}>
                  删除
                </Text>
              </View>
              <ContactFields prefix={`contacts.${i}`} value={c} errors={errors} onChange={(v) => setContact(i, v)} />
            </View>
          ))}
          <FieldError message={errors?.contacts} />
          {form.contacts.length < 10 ? (
            <View className="actions">
              <Button size="small" fill="outline" onClick={() => set('contacts', [...form.contacts, emptyContact()])}>
                添加联系人
              </Button>
            </View>
          ) : null}
        </Group>
      ) : null}
      {has('guaranteeLeaderId') && leaderArea ? (
        <PersonPicker
          label={`${label('guaranteeLeaderId')}（选填）`}
          name="guaranteeLeaderQ"
          area={leaderArea}
          role="guarantee_leader"
          clearable
          value={form.guaranteeLeaderId ? { id: form.guaranteeLeaderId, name: form.guaranteeLeaderName || '（姓名未知）' } : undefined}
          error={errors?.guaranteeLeaderId}
          onChange={(p) => onChange({ ...form, guaranteeLeaderId: p?.id ?? '', guaranteeLeaderName: p?.name ?? '' })}
        />
      ) : null}
    </View>
  );
}
