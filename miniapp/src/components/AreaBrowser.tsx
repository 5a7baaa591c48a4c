import { Text, View } from '@tarojs/components';
import { Cell, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useState, type ReactNode } from 'react';
import type { AreaView } from '@safegrid/shared';
import { call, messageOf } from '../api/client';
import { areaLevelLabel } from '../lib/labels';

export interface Crumb {
  path: string;
  name: string;
}

/** Browse the area tree from one or more roots: children of the current area, a breadcrumb back up. */
export function AreaBrowser({
  roots,
  version = 0,
  onCurrent,
  renderExtra,
}: {
  roots: Crumb[];
  /** Bump to reload the children (after creating one). */
  version?: number;
  onCurrent?: (trail: Crumb[], children: AreaView[]) => void;
  renderExtra?: (area: AreaView) => ReactNode;
}) {
  const [trail, setTrail] = useState<Crumb[]>(roots.length === 1 ? roots : []);
  const [children, setChildren] = useState<AreaView[]>();
  const [error, setError] = useState('');
  const current = trail[trail.length - 1];

  useEffect(() => {
    if (!current) {
      setChildren(undefined);
      onCurrent?.(trail, []);
      return;
    }
    let live = true;
    setError('');
    setChildren(undefined);
    call('listAreas', { query: { parent: current.path } })
      .then((res) => {
        if (!live) return;
        setChildren(res.areas);
        onCurrent?.(trail, res.areas);
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current?.path, version]);

  if (!current) {
    return (
      <View>
        <View className="section-title">我的辖区</View>
        {roots.length === 0 ? <Empty title="暂无辖区" description="请联系管理员分配辖区" /> : null}
        <Cell.Group>
          {roots.map((r) => (
            <Cell key={r.path} title={r.name} description={r.path} extra="查看 ›" onClick={() => setTrail([r])} />
          ))}
        </Cell.Group>
      </View>
    );
  }

  return (
    <View>
      <View className="crumbs">
        {roots.length > 1 ? (
          <Text className="crumb" onClick={() => setTrail([])}>
            全部辖区 ›
          </Text>
        ) : null}
        {trail.map((c, i) => (
          <Text key={c.path} className="crumb" onClick={() => setTrail(trail.slice(0, i + 1))}>
            {c.name}
            {i < trail.length - 1 ? ' ›' : ''}
          </Text>
        ))}
      </View>
      {trail.length > (roots.length > 1 ? 1 : roots.length) ? (
        <View className="crumbs">
          <Text onClick={() => setTrail(trail.slice(0, -1))}>‹ 返回上级</Text>
        </View>
      ) : null}
      <View className="section-title">下级区域</View>
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!children && !error ? <View className="card muted">加载中…</View> : null}
      {children && children.length === 0 ? <Empty size="small" title="没有下级区域" /> : null}
      <Cell.Group>
        {children?.map((a) => (
          <Cell
            key={a.path}
            className="area-item"
            title={a.name}
            description={[areaLevelLabel(a.level), a.gridworkerName ? `网格员：${a.gridworkerName}` : '', a.deactivatedAt ? '已停用' : ''].filter(Boolean).join(' · ')}
            extra={renderExtra ? renderExtra(a) : '›'}
            onClick={() => setTrail([...trail, { path: a.path, name: a.name }])}
          />
        ))}
      </Cell.Group>
    </View>
  );
}
