import { Text, View } from '@tarojs/components';
import { Input, Switch, TextArea } from '@nutui/nutui-react-taro';
import { RESULT_LABELS, RESULTS, type ItemResult } from '@safegrid/shared';
import { FieldError } from '../../components/Field';
import { isFailing, numberOf, type CheckPhoto, type DraftAnswer, type Item } from '../lib';
import { CheckPhotos, type PhotoField } from './CheckPhotos';

/** 范围 0–10 米, 不低于 2 MPa, 不高于 35 ℃. */
export function rangeText(item: Pick<Item, 'min' | 'max' | 'unit'>): string {
  const unit = item.unit ? ` ${item.unit}` : '';
  if (item.min !== undefined && item.max !== undefined) return `范围 ${item.min}–${item.max}${unit}`;
  if (item.min !== undefined) return `不低于 ${item.min}${unit}`;
  if (item.max !== undefined) return `不高于 ${item.max}${unit}`;
  return '';
}

export interface ItemActions {
  change: (change: Partial<DraftAnswer>) => void;
  addPhotos: (field: PhotoField) => void;
  retry: (p: CheckPhoto) => void;
  removePhoto: (field: PhotoField, p: CheckPhoto) => void;
}

/**
 * One checklist item, answered with big targets: 符合 / 不符合 / 不适用 for a pass-fail item; a
 * number (its range shown, out of range is 不符合), a text or photos otherwise, each of which may be
 * 不适用. A failed item asks for photos and a note, and 当场整改 with its own photos.
 */
export function ItemCard({
  item,
  n,
  answer,
  errors,
  actions,
}: {
  item: Item;
  /** Its number on the page (1-based). */
  n: number;
  answer: DraftAnswer | undefined;
  /** Errors keyed by field (result, value, text, photos, note, fixPhotos). */
  errors: Record<string, string | undefined>;
  actions: ItemActions;
}) {
  const a = answer;
  const na = a?.result === 'na';
  const failing = isFailing(item, a);
  /** Answered by 其余全部符合, not by hand. */
  const auto = !!a?.auto && a.result === 'pass';
  const typed = numberOf(a?.value);
  const setResult = (result: ItemResult) => actions.change({ result });
  return (
    <View id={`ck-item-${item.id}`} className={`ck-item ${failing ? 'ck-item-failing' : ''}`}>
      <View className="ck-item-text">
        {item.required ? <Text className="ck-required">必查</Text> : null}
        <Text>{`${n}. ${item.text}`}</Text>
        {auto ? <Text className="ck-auto">自动填写</Text> : null}
      </View>
      {item.basis ? <View className="muted ck-basis">{`依据：${item.basis}`}</View> : null}

      {item.kind === 'passfail' ? (
        <View className="ck-results">
          {RESULTS.map((r) => (
            <View key={r} className={`ck-result ck-result-${r} ${a?.result === r ? 'ck-result-on' : ''} ${auto && r === 'pass' ? 'ck-result-auto' : ''}`} onClick={() => setResult(r)}>
              <Text>{RESULT_LABELS[r]}</Text>
            </View>
          ))}
        </View>
      ) : (
        <View className="ck-na-row">
          <View className={`ck-na ${na ? 'ck-na-on' : ''}`} onClick={() => actions.change({ result: na ? undefined : 'na' })}>
            <Text>{na ? '✓ 不适用' : '不适用'}</Text>
          </View>
        </View>
      )}

      {item.kind === 'number' && !na ? (
        <View className="ck-number">
          <View className="ck-number-row">
            <View className="ck-number-input">
              <Input name={`value-${item.id}`} type="digit" value={a?.value ?? ''} placeholder="请输入测量值" onChange={(v: string) => actions.change({ value: v })} />
            </View>
            {item.unit ? <Text className="ck-unit">{item.unit}</Text> : null}
            {typed !== undefined && !Number.isNaN(typed) ? (
              <Text className={`ck-verdict ${failing ? 'ck-verdict-fail' : 'ck-verdict-pass'}`}>{failing ? RESULT_LABELS.fail : RESULT_LABELS.pass}</Text>
            ) : null}
          </View>
          <View className="muted ck-range">{rangeText(item)}</View>
          {typed !== undefined && Number.isNaN(typed) ? <FieldError message="请输入数字" /> : null}
        </View>
      ) : null}

      {item.kind === 'text' && !na ? (
        <View className="ck-textarea">
          <TextArea name={`text-${item.id}`} value={a?.text ?? ''} placeholder="请填写检查情况" maxLength={500} autoSize onChange={(text: string) => actions.change({ text })} />
        </View>
      ) : null}

      {item.kind === 'photo' && !na ? (
        <CheckPhotos
          name={`item-${item.id}`}
          photos={a?.photos ?? []}
          addText="拍照或从相册选择"
          error={errors.photos}
          onAdd={() => actions.addPhotos('photos')}
          onRetry={actions.retry}
          onRemove={(p) => actions.removePhoto('photos', p)}
        />
      ) : null}

      <FieldError message={errors.result} />
      <FieldError message={errors.value} />
      <FieldError message={errors.text} />

      {failing ? (
        <View className="ck-failed">
          <View className="ck-failed-hint">{`不符合：提交后将作为${item.failLevel}隐患交办整改`}</View>
          {item.kind !== 'photo' ? (
            <View>
              <View className="ck-sub-title">现场照片（必填）</View>
              <CheckPhotos
                name={`item-${item.id}`}
                photos={a?.photos ?? []}
                addText="拍摄不符合的情况"
                error={errors.photos}
                onAdd={() => actions.addPhotos('photos')}
                onRetry={actions.retry}
                onRemove={(p) => actions.removePhoto('photos', p)}
              />
            </View>
          ) : null}
          <View className="ck-sub-title">情况说明（必填）</View>
          <View className="ck-textarea">
            <TextArea
              name={`note-${item.id}`}
              value={a?.note ?? ''}
              placeholder="写明不符合的情况，如：二楼仓库灭火器已过期"
              maxLength={300}
              showCount
              autoSize
              onChange={(note: string) => actions.change({ note })}
            />
          </View>
          <FieldError message={errors.note} />
          <View className="field-row ck-switch-row">
            <View className="ck-switch-text">
              <Text className="ck-switch-label">当场整改</Text>
              <Text className="muted">已当场整改完毕的，请拍摄整改后照片</Text>
            </View>
            <Switch className={`ck-fixed ck-fixed-${item.id}`} checked={!!a?.fixedOnSpot} onChange={(v: boolean) => actions.change({ fixedOnSpot: v })} />
          </View>
          {a?.fixedOnSpot ? (
            <CheckPhotos
              name={`fix-${item.id}`}
              photos={a.fixPhotos}
              addText="拍摄整改后照片"
              error={errors.fixPhotos}
              onAdd={() => actions.addPhotos('fixPhotos')}
              onRetry={actions.retry}
              onRemove={(p) => actions.removePhoto('fixPhotos', p)}
            />
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
