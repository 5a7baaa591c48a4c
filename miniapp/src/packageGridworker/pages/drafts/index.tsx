import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { CHECK_KIND_LABELS } from '@safegrid/shared';
import { CHECK_PAGES, pageUrl } from '../../../lib/routes';
import { formatTime } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { isAnswered, items, listDrafts, pendingPhotos, removeDraft, type CheckDraft } from '../../lib';
import '../../check.css';

/**
 * 检查草稿: the checks kept on this phone and not yet submitted, the latest first, each with its
 * enterprise, template, when it was last changed, how far it got and the photos still to upload;
 * a tap goes on with it, 删除 (after asking) throws it away.
 */
export default function CheckDrafts() {
  const { user } = useSession();
  const [drafts, setDrafts] = useState<CheckDraft[]>(() => (user ? listDrafts(user.id) : []));

  useDidShow(() => {
    if (user) setDrafts(listDrafts(user.id));
  });

  if (!user) return <View className="page" />;

  const remove = async (d: CheckDraft) => {
    const { confirm } = await Taro.showModal({
      title: '删除草稿',
      content: `删除“${d.enterprise.name || d.enterprise.id}”的检查草稿？已填写的内容和未上传的照片将无法恢复。`,
      confirmText: '删除',
      confirmColor: '#f53f3f',
    }).catch(() => ({ confirm: false }));
    if (!confirm) return;
    removeDraft(d);
    setDrafts(listDrafts(user.id));
  };

  return (
    <View className="page ck-page">
      <Hero title="检查草稿" sub="保存在本手机上、尚未提交的检查" />
      {drafts.length === 0 ? <Empty title="没有检查草稿" description="开始检查后，填写的内容会自动保存在这里" /> : null}
      {drafts.map((d) => {
        const list = d.template ? items(d.template) : [];
        const answered = list.filter((i) => isAnswered(i, d.answers[i.id])).length;
        const pending = pendingPhotos(d).length;
        return (
          <View key={d.id} className="ck-draft">
            <View className="ck-draft-main" onClick={() => void Taro.navigateTo({ url: pageUrl(CHECK_PAGES.check, { draft: d.id }) }).catch(() => undefined)}>
              <View className="ck-draft-name">{d.enterprise.name || d.enterprise.id}</View>
              <View className="card-line">{`${CHECK_KIND_LABELS[d.kind]} · ${d.template ? `${d.template.name}（第 ${d.template.version} 版）` : '未选择模板'}`}</View>
              <View className="card-line">{`保存于 ${formatTime(d.updatedAt)}`}</View>
              <View className="card-line">
                <Text>{d.template ? `已填 ${answered}/${list.length} 项` : '尚未填写'}</Text>
                {pending ? <Text className="ck-pending">{` · ${pending} 张照片待上传`}</Text> : null}
              </View>
            </View>
            <View className="ck-draft-actions">
              <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: pageUrl(CHECK_PAGES.check, { draft: d.id }) }).catch(() => undefined)}>
                继续填写
              </Button>
              <Button className="ck-draft-delete" size="small" type="danger" fill="outline" onClick={() => void remove(d)}>
                删除
              </Button>
            </View>
          </View>
        );
      })}
    </View>
  );
}
