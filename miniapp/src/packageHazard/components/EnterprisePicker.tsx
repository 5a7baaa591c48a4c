import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import type { ResponseOf } from '@safegrid/shared';
import { call, messageOf } from '../../api/client';
import { FieldError } from '../../components/Field';

export interface PickedEnterprise {
  id: string;
  name: string;
}
type Found = ResponseOf<'nearbyEnterprises'>['enterprises'][number];

const distance = (m: number) => (m >= 1000 ? `${(m / 1000).toFixed(1)} 公里` : `${Math.round(m)} 米`);

/** An enterprise near a point: search by name around it (nearbyEnterprises) and pick one; × clears it. */
export function EnterprisePicker({
  label,
  value,
  onChange,
  at,
  error,
  optional,
}: {
  label: string;
  value?: PickedEnterprise;
  onChange: (value: PickedEnterprise | undefined) => void;
  /** Where to search around; without it the search waits for a location. */
  at?: { lng: number; lat: number };
  error?: string;
  optional?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[]>();
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState('');

  const search = async () => {
    if (!at) return setSearchError('请先获取位置，再查找附近的企业');
    setSearching(true);
    setSearchError('');
    try {
      const res = await call('nearbyEnterprises', { query: { lng: at.lng, lat: at.lat, ...(q.trim() ? { q: q.trim() } : {}) } });
      setFound(res.enterprises);
    } catch (e) {
      setSearchError(messageOf(e));
    } finally {
      setSearching(false);
    }
  };

  const choose = (e: Found) => {
    onChange({ id: e.id, name: e.name });
    setOpen(false);
    setFound(undefined);
  };

  return (
    <View className="hz-field hz-enterprise">
      <View className="section-title">{optional ? `${label}（选填）` : label}</View>
      {value ? (
        <View className="field-row hz-picked">
          <Text className="hz-picked-name">{value.name}</Text>
          <Text className="link hz-picked-change" onClick={() => setOpen(!open)}>
            {open ? '收起' : '更换'}
          </Text>
          <Text className="link-danger hz-picked-clear" aria-label="清除企业" onClick={() => onChange(undefined)}>
            清除
          </Text>
        </View>
      ) : !open ? (
        <View className="field-row hz-picked">
          <Text className="muted">{optional ? '不确定可不选' : '请选择'}</Text>
          <Text className="link hz-find" onClick={() => setOpen(true)}>
            查找附近企业 ›
          </Text>
        </View>
      ) : null}
      {open ? (
        <View className="hz-search">
          <View className="field-row">
            <View className="field-input">
              <Input name="enterpriseQ" value={q} placeholder="企业名称（可不填，列出附近的）" onChange={(v: string) => setQ(v)} />
            </View>
            <Button size="small" type="primary" loading={searching} onClick={() => void search()}>
              搜索
            </Button>
          </View>
          <FieldError message={searchError} />
          {found && found.length === 0 ? <View className="muted hz-hint">附近没有找到，换个名称试试</View> : null}
          {found?.map((e) => (
            <View key={e.id} className="hz-found" onClick={() => choose(e)}>
              <View className="row">
                <Text className="hz-found-name">{e.name}</Text>
                <Text className="muted">{distance(e.distanceM)}</Text>
              </View>
              <View className="muted">{e.address}</View>
            </View>
          ))}
        </View>
      ) : null}
      <FieldError message={error} />
    </View>
  );
}
