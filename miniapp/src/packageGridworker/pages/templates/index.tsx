import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import { call, messageOf } from '../../../api/client';
import { CHECK_PAGES, pageUrl } from '../../../lib/routes';
import { districtGrantOf } from '../../../lib/grants';
import { formatTime } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { industriesText, itemCount, type Template } from '../../templates';
import '../../templates.css';

/**
 * 检查清单 (district supervisors, admins): the current version of each of the district's checklist
 * templates, with 编辑 and 新建模板; both open the editor, which publishes a new version.
 */
export default function CheckTemplates() {
  const { user, role } = useSession();
  // Only a district's own supervisors and admins may publish its checklists.
  const district = districtGrantOf(user, role);
  const [templates, setTemplates] = useState<Template[]>();
  const [error, setError] = useState('');
  const shown = useRef(false);

  const load = async () => {
    if (!district) return setError('您没有区级辖区，无法维护检查清单');
    setError('');
    try {
      setTemplates((await call('listCheckTemplates', { query: { district: district.path } })).templates);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useEffect(() => {
    if (user) void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  // Back from the editor: a published version replaces the one listed.
  useDidShow(() => {
    if (user && shown.current) void load();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    void load().finally(() => void Taro.stopPullDownRefresh());
  });

  if (!user) return <View className="page" />;
  const edit = (id?: string) => void Taro.navigateTo({ url: pageUrl(CHECK_PAGES.template, { district: district?.path, id }) }).catch(() => undefined);

  return (
    <View className="page tp-page">
      <Hero title="检查清单" sub={`${district?.name ?? '本区'} · 各行业现场检查使用的清单模板`} />
      <View className="notice">修改清单即发布一个新版本，之后开始的检查使用新版本；已完成的检查仍保留当时使用的版本。</View>
      {district ? (
        <View className="actions">
          <Button block size="large" type="primary" onClick={() => edit()}>
            新建模板
          </Button>
        </View>
      ) : null}
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!templates && !error ? <View className="card muted">加载中…</View> : null}
      {templates && !templates.length ? <Empty title="还没有检查清单" description="点击“新建模板”添加本区的第一份检查清单" /> : null}
      {templates?.map((t) => (
        <View key={t.id} className={`card tp-card-${t.id}`}>
          <View className="row">
            <Text className="card-title">{t.name}</Text>
            <Text className="tp-version">{`第 ${t.version} 版`}</Text>
          </View>
          <View className="card-line">{`适用行业：${industriesText(t.industries)}`}</View>
          {t.campaign ? <View className="card-line">{`专项：${t.campaign}`}</View> : null}
          <View className="card-line">{`共 ${t.sections.length} 节 ${itemCount(t)} 项 · 编号 ${t.id}`}</View>
          <View className="card-line">{`${formatTime(t.publishedAt)} 发布`}</View>
          <View className="tp-card-actions">
            <Button type="primary" fill="outline" onClick={() => edit(t.id)}>
              编辑
            </Button>
          </View>
        </View>
      ))}
    </View>
  );
}
