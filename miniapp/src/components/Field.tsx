import { Text, View } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';
import type { ReactNode } from 'react';

/** One labelled input with the API's (or the shared schema's) message for it below. */
export function Field({
  label,
  value,
  onChange,
  placeholder,
  error,
  type,
  name,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  error?: string;
  type?: 'text' | 'number' | 'digit';
  name?: string;
}) {
  return (
    <View className="field">
      <View className="field-row">
        <Text className="field-label">{label}</Text>
        <View className="field-input">
          <Input name={name} type={type ?? 'text'} value={value} placeholder={placeholder} onChange={(v: string) => onChange(v)} />
        </View>
      </View>
      {error ? <FieldError message={error} /> : null}
    </View>
  );
}

export function FieldError({ message }: { message?: ReactNode }) {
  if (!message) return null;
  return (
    <View className="field-error">
      <Text>{message}</Text>
    </View>
  );
}

/** Single choice shown as chips. */
export function Choices<T extends string>({
  options,
  value,
  onChange,
}: {
  options: readonly { value: T; label: string }[];
  value: T | undefined;
  onChange: (value: T) => void;
}) {
  return (
    <View className="choices">
      {options.map((o) => (
        <View key={o.value} className={`choice ${o.value === value ? 'choice-on' : ''}`} onClick={() => onChange(o.value)}>
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  );
}

/** Fields the form does not show go into one general message. */
export function otherErrors(fields: Record<string, string> | undefined, shown: string[]): string {
  if (!fields) return '';
  return Object.entries(fields)
    .filter(([k]) => !shown.includes(k))
    .map(([, v]) => v)
    .join('；');
}
