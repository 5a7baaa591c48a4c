import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useState } from 'react';
import { DEADLINE_STATES, HAZARD_STATE_LABELS, MOVES, type LetterView, type MoveName, type ResponseOf, type TimelineEvent } from '@safegrid/shared';
import { call, messageOf } from '../../../api/client';
import { errorText, openDocument } from '../../../lib/files';
import { formatYuan } from '../../../lib/money';
import { HAZARD_PAGES, pageUrl, queryParam } from '../../../lib/routes';
import { formatTime, today } from '../../../lib/time';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Kv } from '../../../components/Kv';
import { PhotoGrid } from '../../../components/PhotoGrid';
import { StateTag } from '../../components/StateTag';
import { MoveForm, type UserMove } from '../../components/MoveForm';
import { PrivacyPrompt } from '../../../components/PrivacyPrompt';
import '../../hazard.css';

type Data = ResponseOf<'getHazard'>;
type Hazard = Data['hazard'];

/** Moves that only the system makes (escalation) are never buttons. */
const userMoves = (moves: string[]): UserMove[] =>
  moves.filter((m): m is UserMove => m in MOVES && !(MOVES[m as MoveName].by as readonly string[]).includes('system'));
const DANGER: UserMove[] = ['reject', 'recheckFail', 'withdraw'];
const SECONDARY: UserMove[] = ['merge', 'fixOnSpot', 'addNote'];

function toTop(): void {
  try {
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  } catch {
    /* nothing to scroll */
  }
}

/** Past its deadline while the enterprise's clock runs (or the server says it escalated). */
const isLate = (h: Hazard) => h.overdue || (!!h.deadline && DEADLINE_STATES.includes(h.state) && h.deadline < today());

function Letters({ letters }: { letters: LetterView[] }) {
  const [opening, setOpening] = useState('');
  const [error, setError] = useState('');
  const open = async (l: LetterView) => {
    if (opening) return;
    setOpening(l.id);
    setError('');
    try {
      const { url } = await call('getLetterPdf', { params: { id: l.id } });
      await openDocument(url, 'pdf');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setOpening('');
    }
  };
  return (
    <View>
      <View className="section-title">函件</View>
      {letters.map((l) => (
        <View key={l.id} className="hz-letter" onClick={() => void open(l)}>
          <View className="row">
            <Text className="hz-letter-title">{l.label}</Text>
            <Text className="link">{opening === l.id ? '正在打开…' : '查看 ›'}</Text>
          </View>
          <View className="muted">{`${l.number} · ${formatTime(l.issuedAt)}`}</View>
        </View>
      ))}
      {error ? <View className="field-error">{error}</View> : null}
    </View>
  );
}

function Timeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0) return <Empty size="small" title="暂无处理记录" />;
  return (
    <View className="hz-timeline">
      {events.map((e) => (
        <View key={e.seq} className="hz-event">
          <View className="hz-event-dot" />
          <View className="hz-event-body">
            <View className="hz-event-head">
              <Text className="hz-event-label">{e.label}</Text>
              <Text className="muted">{formatTime(e.at)}</Text>
            </View>
            {e.by ? <View className="hz-event-by">{e.by}</View> : null}
            {e.note ? (
              <View className="hz-event-note">
                <Text>{e.note}</Text>
              </View>
            ) : null}
            {e.details.map(([k, v], i) => (
              <View key={`${k}-${i}`} className="hz-event-detail">
                <Text>{`${k}：${v}`}</Text>
              </View>
            ))}
            {e.photos.length > 0 ? <PhotoGrid className="hz-event-photos" photos={e.photos.map((p) => ({ id: p.key, src: p.url }))} /> : null}
          </View>
        </View>
      ))}
    </View>
  );
}

/**
 * 隐患详情: where it stands, what it is, who reported it (when the caller may know), its photos,
 * plan and letters, the whole timeline, and a button for each move the caller may make now.
 */
export default function HazardDetail() {
  const { user } = useSession();
  const id = queryParam(useRouter().params.id);
  const [data, setData] = useState<Data>();
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [moving, setMoving] = useState<UserMove>();

  const load = async () => {
    if (!id) return setError('缺少隐患编号');
    setError('');
    try {
      setData(await call('getHazard', { params: { id } }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  useDidShow(() => {
    if (user && !moving) void load();
  });

  if (!user) return <View className="page" />;
  if (!data) {
    return (
      <View className="page">
        {error ? <Empty status="error" title="加载失败" description={error} /> : <View className="card muted">加载中…</View>}
        {error ? (
          <View className="actions">
            <Button block size="large" type="primary" fill="outline" onClick={() => void load()}>
              重试
            </Button>
          </View>
        ) : null}
      </View>
    );
  }
  const h = data.hazard;
  const moves = userMoves(h.moves);
  const late = isLate(h);

  const hero = (
    <Hero title={`${h.category}隐患`} sub={`${h.sourceLabel} · ${formatTime(h.createdAt)}`}>
      <View className="hero-tags">
        <StateTag state={h.state} label={h.stateLabel} />
        {h.level ? <Text className="hz-level">{`${h.level}隐患`}</Text> : null}
        {late ? <Text className="hz-overdue-badge">已逾期</Text> : null}
      </View>
    </Hero>
  );

  if (moving) {
    return (
      <View className="page hz-page">
        {hero}
        <View className="hz-desc-brief">
          <Text>{h.description}</Text>
        </View>
        <MoveForm
          hazard={h}
          move={moving}
          onCancel={() => setMoving(undefined)}
          onDone={(res) => {
            setData(res);
            setMoving(undefined);
            setNotice('');
            void Taro.showToast({ title: '已提交', icon: 'success' }).catch(() => undefined);
          }}
          onConflict={(message) => {
            setMoving(undefined);
            setNotice(`${message}（已刷新为最新状态）`);
            void load();
          }}
        />
        <PrivacyPrompt />
      </View>
    );
  }

  return (
    <View className={`page hz-page ${moves.length ? 'hz-page-moves' : ''}`}>
      {hero}
      {notice ? (
        <View className="notice hz-notice">
          <Text>{notice}</Text>
        </View>
      ) : null}
      <View className="section-title">隐患描述</View>
      <View className="hz-desc">
        <Text>{h.description}</Text>
      </View>
      <View className="section-title">基本信息</View>
      <Kv k="状态" v={h.stateLabel || HAZARD_STATE_LABELS[h.state]} />
      <Kv k="隐患等级" v={h.level ?? '待核实'} />
      <Kv k="隐患类别" v={h.category} />
      <Kv k="来源" v={h.sourceLabel} />
      <Kv k="涉及企业" v={h.enterpriseName ?? (h.enterpriseId ? h.enterpriseId : '未关联')} />
      <Kv k="所属网格" v={h.areaName ?? h.area} />
      {h.reward ? <Kv k="举报奖励" v={h.reward} /> : null}
      <Kv k="位置" v={h.address ? `${h.address}（${h.lng.toFixed(5)}, ${h.lat.toFixed(5)}）` : `${h.lng.toFixed(5)}, ${h.lat.toFixed(5)}`} />
      {h.deadline ? <Kv k="整改期限" className={late ? 'hz-late-row' : ''} v={<Text className={late ? 'hz-late nowrap' : 'nowrap'}>{late ? `${h.deadline}（已逾期）` : h.deadline}</Text>} /> : null}
      {h.duplicateOf ? (
        <Kv
          k="重复于"
          v={
            <Text className="link" onClick={() => void Taro.navigateTo({ url: pageUrl(HAZARD_PAGES.detail, { id: h.duplicateOf }) })}>
              {`${h.duplicateOf} ›`}
            </Text>
          }
        />
      ) : null}
      {h.reporter ? (
        <View className="hz-reporter">
          <View className="section-title">举报人</View>
          <Kv k="姓名" v={h.reporter.name} />
          {h.reporter.phone ? <Kv k="电话" v={h.reporter.phone} /> : null}
          {h.anonymous ? <View className="muted hz-hint">匿名举报：仅监管人员可见举报人，请勿告知企业</View> : null}
        </View>
      ) : null}
      <View className="section-title">现场照片</View>
      {h.photos.length ? (
        <View className="photos">
          <PhotoGrid photos={h.photos.map((p) => ({ id: p.key, src: p.url }))} />
        </View>
      ) : (
        <Empty size="small" title="暂无照片" />
      )}
      {h.plan ? (
        <View className="hz-plan">
          <View className="section-title">整改方案</View>
          <Kv k="整改措施" v={h.plan.measures} />
          <Kv k="整改资金" v={formatYuan(h.plan.costFen)} />
          <Kv k="整改责任人" v={h.plan.personInCharge} />
          <Kv k="完成期限" v={h.plan.deadline} />
          <Kv k="整改期间安全措施" v={h.plan.interimMeasures} />
        </View>
      ) : null}
      {h.letters.length ? <Letters letters={h.letters} /> : null}
      <View className="section-title">处理记录</View>
      <Timeline events={data.timeline} />
      {moves.length ? (
        <View className="hz-moves">
          {moves.map((m) => (
            <View key={m} className="hz-move">
              <Button
                block
                size="large"
                type={DANGER.includes(m) ? 'danger' : 'primary'}
                fill={DANGER.includes(m) || SECONDARY.includes(m) ? 'outline' : 'solid'}
                onClick={() => {
                  setNotice('');
                  setMoving(m);
                  toTop();
                }}
              >
                {MOVES[m].label}
              </Button>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
