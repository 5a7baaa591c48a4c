import { View } from '@tarojs/components';
import { TextArea } from '@nutui/nutui-react-taro';
import { FieldError } from '../../components/Field';

/** A labelled multi-line text (a reason) with its message below. */
export function TextAreaField({
  label,
  name,
  value,
  onChange,
  placeholder,
  maxLength = 200,
  error,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  maxLength?: number;
  error?: string;
}) {
  return (
    <View className={`rw-field rw-field-${name}`}>
      <View className="section-title">{label}</View>
      <View className="rw-textarea">
        <TextArea name={name} value={value} placeholder={placeholder} maxLength={maxLength} showCount autoSize onChange={(v: string) => onChange(v)} />
      </View>
      <FieldError message={error} />
    </View>
  );
}
