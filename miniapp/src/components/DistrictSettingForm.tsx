import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import type { ReactNode } from 'react';
import { districtOf, type Role, type UserView } from '@safegrid/shared';
import { FieldError, otherErrors } from './Field';
import { Hero } from './Hero';
import type { useDistrictSetting } from './useDistrictSetting';
import { areaGrantsOf, districtGrantOf } from '../lib/grants';
import { queryParam } from '../lib/routes';

/** The district a settings page is about (`?district=`, else the user's district grant, else their first area's district) and its name. */
export function useSettingDistrict(user: UserView | undefined, role: Role | undefined): { district: string; districtName: string } {
  const params = useRouter().params;
  const areas = areaGrantsOf(user, role);
  const district = queryParam(params.district) || districtGrantOf(user, role)?.path || (areas[0] ? districtOf(areas[0].path) : '');
  return { district, districtName: districtGrantOf(user, role)?.name ?? district };
}

/**
 * The frame of a district setting's page (检查频次, 升级规则 …) around its own fields: loading, a
 * failed load with 重试, the version, the 409's notice, the errors no field shows, and 保存.
 */
export function DistrictSettingForm<T, F>({
  title,
  district,
  districtName,
  className,
  setting,
  shown,
  onSave,
  unsaved = '默认设置（尚未保存）',
  saveLabel = '保存设置',
  children,
}: {
  title: string;
  district: string;
  districtName: string;
  /** The page's own class (its stylesheet's prefix). */
  className: string;
  setting: ReturnType<typeof useDistrictSetting<T, F>>;
  /** The error keys the fields show; the rest are said together above 保存. */
  shown: string[];
  onSave: (form: F) => void;
  /** How the version reads before the district saved its own. */
  unsaved?: string;
  saveLabel?: string;
  children: (form: F) => ReactNode;
}) {
  const { data, form, error, notice, errors, general, saving, load } = setting;
  if (!data || !form) {
    return (
      <View className={`page ${className}`}>
        <Hero title={title} sub={districtName} />
        {error ? <Empty status="error" title="加载失败" description={error} /> : <View className="card muted">加载中…</View>}
        {error && district ? (
          <View className="actions">
            <Button block size="large" type="primary" fill="outline" onClick={() => void load()}>
              重试
            </Button>
          </View>
        ) : null}
      </View>
    );
  }
  return (
    <View className={`page ${className}`}>
      <Hero title={title} sub={`${districtName} · ${data.version ? `第 ${data.version} 版` : unsaved}`} />
      {notice ? (
        <View className="notice">
          <Text>{notice}</Text>
        </View>
      ) : null}
      {children(form)}
      <FieldError message={otherErrors(errors, shown)} />
      <FieldError message={general} />
      <View className="actions">
        <Button block type="primary" size="large" loading={saving} onClick={() => onSave(form)}>
          {saveLabel}
        </Button>
      </View>
    </View>
  );
}
