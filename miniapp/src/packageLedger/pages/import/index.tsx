import { Text, View } from '@tarojs/components';
import { Button, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useRef, useState } from 'react';
import { CreateUploadBody, MAX_IMPORT_BYTES, validate, XLSX_CONTENT_TYPE, type ImportJob } from '@safegrid/shared';
import { call } from '../../../api/client';
import { newId } from '../../../lib/id';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { FieldError } from '../../../components/Field';
import { errorText, formatSize, openDocument, pickXlsx, sendFile, type PickedFile } from '../../../lib/files';
import { IMPORTERS, rejectedText } from '../../lib';
import { PrivacyPrompt } from '../../../components/PrivacyPrompt';
import '../../ledger.css';

/** How often a running import is asked for its state. */
export const POLL_MS = 2000;
/** Consecutive failed polls before the page stops and offers 重新查询. */
const POLL_TRIES = 3;
/** Rejected rows shown at once (a census file can reject thousands). */
const REJECTED_PAGE = 100;

type Stage = 'idle' | 'uploading' | 'starting' | 'importing' | 'finished';
const STAGE_PERCENT: Record<Stage, number> = { idle: 0, uploading: 35, starting: 60, importing: 80, finished: 100 };
const finished = (job: ImportJob) => job.status === 'done' || job.status === 'failed';

function Report({ job }: { job: ImportJob }) {
  const [shown, setShown] = useState(REJECTED_PAGE);
  const failed = job.status === 'failed';
  return (
    <View className={`card import-report ${failed ? 'import-failed' : 'import-done'}`}>
      <View className="card-title">{failed ? '导入失败' : '导入完成'}</View>
      <View className="card-line">{job.fileName}</View>
      {failed && job.error ? (
        <View className="import-error">
          <Text>{job.error}</Text>
        </View>
      ) : null}
      {!failed || job.total > 0 ? (
        <View className="import-counts">
          <Text>{`共 ${job.total} 行：新增 ${job.created}、更新 ${job.updated}、无变化 ${job.unchanged}、未导入 ${job.rejected.length}`}</Text>
        </View>
      ) : null}
      {/* What was passed over without refusing the file (a title row, a 备注 column): said, so nothing goes missing silently. */}
      {job.notes?.map((note) => (
        <View key={note} className="card-line muted">
          <Text>{note}</Text>
        </View>
      ))}
      {job.rejected.length > 0 ? (
        <View className="import-rejected">
          <View className="redline-label">未导入的行（请修改后重新导入，已导入的行不会重复）</View>
          {job.rejected.slice(0, shown).map((r) =>
            rejectedText(r).map((line, i) => (
              <View key={`${r.row}-${i}`} className="rejected-row">
                <Text>{line}</Text>
              </View>
            )),
          )}
          {job.rejected.length > shown ? (
            <View className="link more-link" onClick={() => setShown((n) => n + REJECTED_PAGE)}>
              <Text>{`显示更多（还有 ${job.rejected.length - shown} 行）`}</Text>
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

/** 导入普查台账: download the template, upload a filled-in .xlsx, follow the import to its report. */
export default function LedgerImport() {
  const { user, role } = useSession();
  const [stage, setStage] = useState<Stage>('idle');
  const [picked, setPicked] = useState<PickedFile>();
  const [error, setError] = useState('');
  const [job, setJob] = useState<ImportJob>();
  const [templateBusy, setTemplateBusy] = useState(false);
  /** What startImport was (or is to be) called with: a retry sends the same id. */
  const pending = useRef<{ id: string; key: string; fileName: string }>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const alive = useRef(true);
  const [pollFailed, setPollFailed] = useState(false);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      clearTimeout(timer.current);
    };
  }, []);

  if (!user) return <View className="page" />;
  if (!role || !IMPORTERS.includes(role)) {
    return (
      <View className="page">
        <Empty title="无权导入普查台账" description="普查台账由监管人员或管理员导入" />
      </View>
    );
  }

  const busy = stage === 'uploading' || stage === 'starting' || (stage === 'importing' && !pollFailed);

  const poll = (id: string, failures = 0) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      call('getImport', { params: { id } })
        .then((res) => {
          if (!alive.current) return;
          setJob(res.job);
          if (finished(res.job)) setStage('finished');
          else poll(id);
        })
        .catch((e: unknown) => {
          if (!alive.current) return;
          if (failures + 1 < POLL_TRIES) return poll(id, failures + 1);
          setError(`查询导入进度失败：${errorText(e)}`);
          setPollFailed(true);
        });
    }, POLL_MS);
  };

  const start = async () => {
    const body = pending.current!;
    setStage('starting');
    setError('');
    try {
      const res = await call('startImport', { body });
      if (!alive.current) return;
      setJob(res.job);
      if (finished(res.job)) setStage('finished');
      else {
        setStage('importing');
        poll(body.id);
      }
    } catch (e) {
      if (!alive.current) return;
      setError(errorText(e));
      setStage('idle');
    }
  };

  const choose = async () => {
    setError('');
    let file: PickedFile | undefined;
    try {
      file = await pickXlsx();
    } catch (e) {
      return setError(errorText(e));
    }
    if (!file) return;
    // The schema's own messages, before anything is sent: only .xlsx, at most 20 MB.
    const body = {
      purpose: 'census-import' as const,
      fileName: file.name,
      contentType: /\.xlsx$/i.test(file.name) ? XLSX_CONTENT_TYPE : file.type || 'application/octet-stream',
      size: file.size,
    };
    const checked = validate(CreateUploadBody, body);
    if (!checked.ok) {
      setPicked(undefined);
      return setError(Object.values(checked.fields).join('；'));
    }
    setPicked(file);
    setJob(undefined);
    setPollFailed(false);
    pending.current = undefined;
    setStage('uploading');
    try {
      const upload = await call('createUpload', { body: checked.data });
      await sendFile(upload, file);
      pending.current = { id: newId(), key: upload.key, fileName: checked.data.fileName };
    } catch (e) {
      if (!alive.current) return;
      setError(errorText(e));
      return setStage('idle');
    }
    await start();
  };

  const template = async () => {
    setTemplateBusy(true);
    setError('');
    try {
      const { url } = await call('importTemplate');
      await openDocument(url, 'xlsx');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setTemplateBusy(false);
    }
  };

  const status =
    stage === 'uploading'
      ? `正在上传 ${picked?.name ?? ''}（${formatSize(picked?.size ?? 0)}）…`
      : stage === 'starting'
        ? '上传完成，正在创建导入任务…'
        : stage === 'importing'
          ? job && job.total > 0
            ? `正在导入，已处理 ${job.total} 行…`
            : '正在导入，请稍候（可离开本页，导入会继续进行）…'
          : '';

  return (
    <View className="page">
      <Hero title="导入普查台账" sub="按模板填写后上传，同一企业重复导入只会更新，不会重复" />
      <View className="card">
        <View className="card-title">1. 下载模板</View>
        <View className="card-line">{`按模板的表头填写，仅支持 .xlsx，文件不超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`}</View>
        <View className="import-button">
          <Button block fill="outline" type="primary" loading={templateBusy} onClick={() => void template()}>
            下载导入模板
          </Button>
        </View>
      </View>
      <View className="card">
        <View className="card-title">2. 上传填写好的文件</View>
        <View className="card-line">微信中请先把文件发到聊天（如文件传输助手），再从聊天中选择</View>
        <View className="import-button">
          <Button block type="primary" disabled={busy} loading={busy} onClick={() => void choose()}>
            {busy ? '导入中…' : job ? '选择其他文件' : '选择 Excel 文件'}
          </Button>
        </View>
        {stage !== 'idle' ? (
          <View className="upload-progress">
            <View className="progress-track">
              <View className="progress-bar" style={{ width: `${STAGE_PERCENT[stage]}%` }} />
            </View>
            {status ? <View className="muted progress-text">{status}</View> : null}
          </View>
        ) : null}
        <FieldError message={error} />
        {error && pending.current && !job ? (
          <View className="link more-link" onClick={() => void start()}>
            <Text>重新开始导入</Text>
          </View>
        ) : null}
        {pollFailed && job && !finished(job) ? (
          <View
            className="link more-link"
            onClick={() => {
              setError('');
              setPollFailed(false);
              poll(job.id);
            }}
          >
            <Text>重新查询</Text>
          </View>
        ) : null}
      </View>
      {job && finished(job) ? <Report key={job.id} job={job} /> : null}
      <PrivacyPrompt />
    </View>
  );
}
