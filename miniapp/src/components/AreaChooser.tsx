import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { AreaView } from '@safegrid/shared';
import { AreaBrowser, type Crumb } from './AreaBrowser';
import { FieldError } from './Field';

/**
 * An area chosen by browsing down from the caller's own areas and tapping 选择 on one that
 * `selectable` allows (any, unless given); the choice shows by its name, never its path.
 */
export function AreaChooser({
  label,
  roots,
  value,
  onChange,
  error,
  hint = '请在下方逐级找到区域，点“选择”',
  selectable = () => true,
  allowCurrent = false,
}: {
  label: string;
  roots: Crumb[];
  value?: Crumb;
  onChange: (area: Crumb) => void;
  error?: string;
  hint?: string;
  selectable?: (area: AreaView) => boolean;
  /** Also offer the area being browsed (an admin's own street, say), not only its children. */
  allowCurrent?: boolean;
}) {
  const [open, setOpen] = useState(!value);
  const [current, setCurrent] = useState<Crumb>();
  return (
    <View className="area-chooser">
      <View className="section-title">{label}</View>
      {value ? (
        <View className="field-row picker-chosen">
          <Text className="picker-value">{value.name}</Text>
          <Text className="link picker-change" onClick={() => setOpen(!open)}>
            {open ? '收起' : '更换'}
          </Text>
        </View>
      ) : (
        <View className="muted area-chooser-hint">{hint}</View>
      )}
      {open && allowCurrent && current ? (
        <Text
          className="link area-choose-current"
          onClick={() => {
            onChange(current);
            setOpen(false);
          }}
        >
          选择“{current.name}”
        </Text>
      ) : null}
      {open ? (
        <AreaBrowser
          roots={roots}
          onCurrent={(trail) => setCurrent(trail[trail.length - 1])}
          renderExtra={(a) =>
            selectable(a) && !a.deactivatedAt ? (
              <Text
                className="link area-choose"
                onClick={(e) => {
                  e.stopPropagation();
                  onChange({ path: a.path, name: a.name });
                  setOpen(false);
                }}
              >
                选择
              </Text>
            ) : (
              '›'
            )
          }
        />
      ) : null}
      <FieldError message={error} />
    </View>
  );
}
