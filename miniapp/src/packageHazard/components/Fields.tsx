import { Picker, Text, View } from '@tarojs/components';
import { TextArea } from '@nutui/nutui-react-taro';
import { FieldError } from '../../components/Field';

/** A labelled multi-line text with its message below. */
export function TextAreaField({
  label,
  name,
  value,
  onChange,
  placeholder,
  maxLength,
  error,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  maxLength: number;
  error?: string;
}) {
  return (
    <View className="hz-field">
      <View className="section-title">{label}</View>
      <View className="hz-textarea">
        <TextArea name={name} value={value} placeholder={placeholder} maxLength={maxLength} showCount autoSize onChange={(v: string) => onChange(v)} />
      </View>
      <FieldError message={error} />
    </View>
  );
}

/** A date (YYYY-MM-DD) chosen with the platform's date picker, between `start` and `end`. */
export function DateField({
  label,
  name,
  value,
  onChange,
  start,
  end,
  error,
  hint,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  start?: string;
  end?: string;
  error?: string;
  hint?: string;
}) {
  return (
    <View className="hz-field">
      <Picker className={`hz-date hz-date-${name}`} mode="date" value={value} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
        <View className="field-row hz-date-row">
          <Text className="field-label">{label}</Text>
          <Text className="hz-date-value">{value || '请选择日期'}</Text>
          <Text className="hz-date-go">修改 ›</Text>
        </View>
      </Picker>
      {hint ? <View className="muted hz-hint">{hint}</View> : null}
      <FieldError message={error} />
    </View>
  );
}
