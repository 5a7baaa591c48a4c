import { Text, View } from '@tarojs/components';
import { Button, Cell, Input } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { messageOf } from '../api/client';
import { FieldError } from './Field';
import './picker.css';

/** What a picker gives back: the id for the API, the name for the screen (an id is never shown). */
export interface Picked {
  id: string;
  name: string;
}
/** One result as a cell: its name, and a line that tells two of the same name apart. */
export interface Found extends Picked {
  description: string;
}
export interface FoundPage {
  items: Found[];
  cursor?: string;
}

interface Common {
  label: string;
  /** The search box's name. */
  name: string;
  placeholder: string;
  search: (q: string, cursor?: string) => Promise<FoundPage>;
  error?: string;
}
type Single = Common & { multiple?: false; value?: Picked; onChange: (value: Picked | undefined) => void; clearable?: boolean };
type Multiple = Common & { multiple: true; value: Picked[]; onChange: (value: Picked[]) => void; max?: number };

/**
 * Choose people or enterprises by searching, never by typing an id: 查找 opens a search box,
 * results come as cells, a tap picks one (or, with `multiple`, adds it). What is chosen shows by
 * its name, with 更换 / 清除 (or 移除 for each of several).
 */
export function Picker(props: Single | Multiple) {
  const { label, name, placeholder, search, error } = props;
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[]>();
  const [cursor, setCursor] = useState<string>();
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState('');
  const chosen = props.multiple ? props.value : props.value ? [props.value] : [];
  const full = props.multiple && props.max !== undefined && props.value.length >= props.max;

  const run = async (more: boolean) => {
    if (searching) return;
    setSearching(true);
    setSearchError('');
    try {
      const page = await search(q.trim(), more ? cursor : undefined);
      setFound((before) => (more && before ? [...before, ...page.items.filter((f) => !before.some((b) => b.id === f.id))] : page.items));
      setCursor(page.cursor);
    } catch (e) {
      setSearchError(messageOf(e));
    } finally {
      setSearching(false);
    }
  };

  const pick = (f: Found) => {
    const picked = { id: f.id, name: f.name };
    if (props.multiple) {
      if (!props.value.some((v) => v.id === f.id) && !full) props.onChange([...props.value, picked]);
      return;
    }
    props.onChange(picked);
    setOpen(false);
    setFound(undefined);
  };

  return (
    <View className={`picker picker-${name}`}>
      <View className="section-title">{label}</View>
      {props.multiple
        ? props.value.map((v) => (
            <View key={v.id} className="field-row picker-chosen">
              <Text className="picker-value">{v.name}</Text>
              <Text className="link-danger picker-remove" onClick={() => props.onChange(props.value.filter((x) => x.id !== v.id))}>
                移除
              </Text>
            </View>
          ))
        : null}
      {!props.multiple && props.value ? (
        <View className="field-row picker-chosen">
          <Text className="picker-value">{props.value.name}</Text>
          <Text className="link picker-change" onClick={() => setOpen(!open)}>
            {open ? '收起' : '更换'}
          </Text>
          {props.clearable ? (
            <Text className="link-danger picker-clear" onClick={() => props.onChange(undefined)}>
              清除
            </Text>
          ) : null}
        </View>
      ) : null}
      {!open && (props.multiple || !props.value) ? (
        <View className="field-row picker-chosen">
          <Text className="muted">{props.multiple ? (props.value.length ? `已选 ${props.value.length} 个` : '尚未选择') : '尚未选择'}</Text>
          <Text className="link picker-open" onClick={() => setOpen(true)}>
            {props.multiple && props.value.length ? '继续添加 ›' : '查找 ›'}
          </Text>
        </View>
      ) : null}
      {open ? (
        <View className="picker-search">
          <View className="field-row">
            <View className="field-input">
              <Input name={name} value={q} placeholder={placeholder} onChange={(v: string) => setQ(v)} onConfirm={() => void run(false)} />
            </View>
            <Button size="small" type="primary" loading={searching} onClick={() => void run(false)}>
              搜索
            </Button>
          </View>
          <FieldError message={searchError} />
          {found && found.length === 0 && !cursor ? <View className="muted picker-hint">没有找到，换个关键词试试</View> : null}
          {found && found.length ? (
            <Cell.Group>
              {found.map((f) => {
                const on = chosen.some((c) => c.id === f.id);
                return (
                  <Cell
                    key={f.id}
                    className={`picker-item ${on ? 'picker-item-on' : ''}`}
                    title={f.name}
                    description={f.description}
                    extra={on ? '已选' : props.multiple && full ? '' : '选择'}
                    onClick={() => pick(f)}
                  />
                );
              })}
            </Cell.Group>
          ) : null}
          {cursor ? (
            <View className="picker-more" onClick={() => void run(true)}>
              {found?.length ? '查看更多' : '本页没有，继续查找'}
            </View>
          ) : null}
          {props.multiple ? (
            <Text className="link picker-done" onClick={() => setOpen(false)}>
              完成
            </Text>
          ) : null}
        </View>
      ) : null}
      <FieldError message={error} />
    </View>
  );
}
