import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import { COMMITMENT_COLOURS, INDUSTRIES, type CommitmentColour } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { COMMITMENT_PAGES, pageUrl } from '../../../lib/routes';
import { districtGrantOf } from '../../../lib/grants';
import { formatTime } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { ColourBand } from '../../components/Letter';
import { colourStyle } from '../../lib';
import type { Template } from '../../templates';
import '../../commitment.css';

/**
 * 承诺书模板 (district supervisors, admins): the current version of the district's letters by
 * colour (绿 蓝 黄 白 橙), the industries no letter covers yet, and 编辑 / 新建, which open the
 * editor; publishing there makes the next version.
 */
export default function CommitmentTemplates() {
  const { user, role } = useSession();
  // Only a district's own supervisors and admins publish its letters.
  const district = districtGrantOf(user, role);
  const [templates, setTemplates] = useState<Template[]>();
  const [error, setError] = useState('');
  const shown = useRef(false);

  const load = async () => {
    if (!district) return setError('您没有区级辖区，无法维护承诺书模板');
    setError('');
    try {
      setTemplates((await call('listCommitmentTemplates', { query: { district: district.path } })).templates);
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
  const edit = (query: { id?: string; colour?: CommitmentColour }) =>
    void Taro.navigateTo({ url: pageUrl(COMMITMENT_PAGES.template, { district: district?.path, ...query }) }).catch(() => undefined);
  const uncovered = templates ? INDUSTRIES.filter((x) => !templates.some((t) => t.industries.includes(x))) : [];

  return (
    <View className="page cm-page ct-page">
      <Hero title="承诺书模板" sub={`${district?.name ?? '本区'} · 告知承诺书按行业分五色`} />
      <View className="notice">每个行业适用一份承诺书。修改后发布为新版本，适用行业的企业须按新版本重新签署；已签署的旧版本仍保留，可查验。</View>
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!templates && !error ? <View className="card muted">加载中…</View> : null}
      {error && district ? (
        <View className="actions">
          <Button block size="large" type="primary" fill="outline" onClick={() => void load()}>
            重试
          </Button>
        </View>
      ) : null}
      {templates && uncovered.length ? <View className="card ct-uncovered">{`尚无承诺书的行业：${uncovered.join('、')}（这些行业的企业暂无需签署）`}</View> : null}
      {templates
        ? COMMITMENT_COLOURS.map((colour) => {
            const mine = templates.filter((t) => t.colour === colour);
            return (
              <View key={colour} className={`ct-colour ct-colour-${colour}`}>
                <View className="row ct-colour-head">
                  <ColourBand colour={colour} />
                  <Text className="link ct-new" onClick={() => edit({ colour })}>
                    {`＋ 新建${colour}色承诺书`}
                  </Text>
                </View>
                {mine.length === 0 ? <View className="muted ct-none">尚未发布</View> : null}
                {mine.map((t) => (
                  <View key={t.id} className="cm-card ct-card" style={{ borderLeftColor: colourStyle(t.colour).border }}>
                    <View className="row">
                      <Text className="cm-card-title">{t.title}</Text>
                      <Text className="ct-version">{`第 ${t.version} 版`}</Text>
                    </View>
                    <View className="muted">{`适用行业：${t.industries.join('、')}`}</View>
                    <View className="muted">{`告知书 ${t.notice.length} 段 · 自查表 ${t.selfCheck.length} 项 · 承诺书 ${t.commitment.length} 段`}</View>
                    <View className="muted">{`${formatTime(t.publishedAt)} 发布`}</View>
                    <View className="ct-card-actions">
                      <Button size="small" type="primary" fill="outline" onClick={() => edit({ id: t.id })}>
                        编辑
                      </Button>
                    </View>
                  </View>
                ))}
              </View>
            );
          })
        : null}
    </View>
  );
}
