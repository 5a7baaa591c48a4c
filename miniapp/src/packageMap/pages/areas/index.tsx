import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button, Cell, Empty } from '@nutui/nutui-react-taro';
import { useEffect, useMemo, useState, type ComponentType } from 'react';
import {
  AREA_LEVELS,
  BOUNDARY_FILE_TYPE,
  CreateUploadBody,
  validate,
  type AreaLevel,
  type AreaView,
  type ImportBoundariesResponse,
  type Position,
} from '@safegrid/shared';
import { ApiError, call, messageOf, showError } from '../../../api/client';
import { areaLevelLabel } from '../../../lib/labels';
import { errorText, formatSize, pickGeoJson, sendFile } from '../../../lib/files';
import { useSession } from '../../../components/useSession';
import { Hero } from '../../../components/Hero';
import { Choices, Field, FieldError, otherErrors } from '../../../components/Field';
import { areaShapes, boundsOfShapes, type Shape } from '../../lib';
import type { MapViewProps } from '../../components/types';
import '../../map.css';

/** One renderer per build, as on 一张图: WeChat's map, or the offline box whose base map is the boundaries. */
const MapView: ComponentType<MapViewProps> =
  process.env.TARO_ENV === 'h5' ? require('../../components/H5Map').H5Map : require('../../components/WeappMap').WeappMap;

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const CODE_PREFIX: Partial<Record<AreaLevel, string>> = { street: 's', community: 'c', grid: 'g', microgrid: 'm' };
const positions = (a?: AreaView) => (a?.boundary ? (a.boundary.type === 'Polygon' ? [a.boundary.coordinates] : a.boundary.coordinates).flat(2).length : 0);

/** A code not yet used among the children: m3 after m1 and m2. */
function suggestCode(level: AreaLevel | undefined, children: AreaView[]): string {
  const prefix = (level && CODE_PREFIX[level]) || 'a';
  const used = new Set(children.map((c) => c.code));
  let n = children.length + 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

function statusOf(a: AreaView): string {
  return [areaLevelLabel(a.level), a.gridworkerName ? `网格员：${a.gridworkerName}` : '', a.deactivatedAt ? '已停用' : '', a.boundary ? '' : '未划边界'].filter(Boolean).join(' · ');
}

/** The import's report: what was written, what named no area here, what is wrong and why. */
function Report({ report }: { report: ImportBoundariesResponse }) {
  return (
    <View className={`card ar-report ${report.applied ? 'ar-report-done' : 'ar-report-refused'}`}>
      <View className="card-title">{report.applied ? '导入完成' : '未导入'}</View>
      <View className="card-line ar-report-message">
        <Text>{report.message}</Text>
      </View>
      {report.matched.length ? <View className="section-title">{report.applied ? `已更新边界（${report.matched.length}）` : `可对应的要素（${report.matched.length}）`}</View> : null}
      {report.matched.map((f) => (
        <View key={`m${f.feature}`} className="card-line ar-matched">
          <Text>{`第 ${f.feature} 个要素「${f.label}」→ ${f.areaName}`}</Text>
        </View>
      ))}
      {report.unmatched.length ? <View className="section-title">{`未对应到区域，已跳过（${report.unmatched.length}）`}</View> : null}
      {report.unmatched.map((f) => (
        <View key={`u${f.feature}`} className="card-line ar-unmatched">
          <Text>{`第 ${f.feature} 个要素「${f.label}」`}</Text>
        </View>
      ))}
      {report.invalid.length ? <View className="section-title">{`有误，请修改（${report.invalid.length}）`}</View> : null}
      {report.invalid.map((f) => (
        <View key={`i${f.feature}`} className="card-line ar-invalid field-error">
          <Text>{`第 ${f.feature} 个要素「${f.label}」：${f.reason}`}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * 区域管理 (admins): browse the area tree from the admin's own areas; for the area in view, see its
 * boundary and its children's on the map, draw its boundary by tapping the corners in order (撤销,
 * 清空, 完成并保存 closes the ring), import a GeoJSON FeatureCollection for it and the areas under it
 * (the report says what was matched, skipped and wrong), rename it, deactivate or reactivate it, and
 * create a child area (code, name, level; its boundary drawn next). Nothing asks for a typed id:
 * every area is reached by tapping through the tree.
 */
export default function AreasPage() {
  const { user, role } = useSession();
  const [roots, setRoots] = useState<AreaView[]>();
  const [trail, setTrail] = useState<AreaView[]>([]);
  const [children, setChildren] = useState<AreaView[]>();
  const [version, setVersion] = useState(0);
  const [error, setError] = useState('');
  const [mode, setMode] = useState<'view' | 'draw' | 'rename'>('view');
  const [draft, setDraft] = useState<Position[]>([]);
  const [drawError, setDrawError] = useState('');
  const [newName, setNewName] = useState('');
  const [renameErrors, setRenameErrors] = useState<Record<string, string>>();
  const [form, setForm] = useState({ code: '', name: '', level: undefined as AreaLevel | undefined });
  const [createErrors, setCreateErrors] = useState<Record<string, string>>();
  const [busy, setBusy] = useState(false);
  const [importStatus, setImportStatus] = useState('');
  const [importError, setImportError] = useState('');
  const [report, setReport] = useState<ImportBoundariesResponse>();
  const current = trail[trail.length - 1];
  const parent = trail[trail.length - 2];
  const isAdmin = role === 'admin';

  // The admin's own areas: where the tree starts.
  useEffect(() => {
    if (!user || !isAdmin) return;
    call('listAreas', { query: {} })
      .then((res) => {
        setRoots(res.areas);
        if (res.areas.length === 1) setTrail(res.areas);
      })
      .catch((e: unknown) => setError(messageOf(e)));
  }, [user?.id, isAdmin]);

  // The children of the area in view.
  useEffect(() => {
    if (!current) return setChildren(undefined);
    let live = true;
    setChildren(undefined);
    const below = AREA_LEVELS.slice(AREA_LEVELS.indexOf(current.level) + 1);
    setForm({ code: '', name: '', level: below[0] });
    call('listAreas', { query: { parent: current.path } })
      .then((res) => {
        if (!live) return;
        setChildren(res.areas);
        // Suggest the next code and the children's level, keeping whatever was typed while they loaded.
        const level = res.areas[0]?.level ?? below[0];
        setForm((f) => (f.code || f.name ? f : { code: suggestCode(level, res.areas), name: '', level }));
      })
      .catch((e: unknown) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [current?.path, version]);

  // Reference outlines stay put while drawing; the draft goes on top.
  const reference = useMemo<Shape[]>(() => {
    if (!current) return [];
    const around = current.boundary ? [current] : parent ? [parent] : [];
    // Children of the area in view only (the list of the one before may still be on screen for a moment).
    return areaShapes([...around, ...(children ?? []).filter((c) => c.parent === current.path && !c.deactivatedAt)], current.path);
  }, [current, parent, children]);
  const bounds = useMemo(() => boundsOfShapes(reference), [reference]);
  const shapes = useMemo<Shape[]>(
    () => (mode === 'draw' && draft.length ? [...reference, { id: 'draft', kind: 'draft' as const, rings: [draft.map((p) => [p[0], p[1]] as [number, number])] }] : reference),
    [reference, mode, draft],
  );

  if (!user) return <View className="page" />;
  if (!isAdmin) {
    return (
      <View className="page">
        <Empty title="无权管理区域" description="区域的新建、边界和停用由管理员维护" />
      </View>
    );
  }

  const go = (t: AreaView[]) => {
    setTrail(t);
    setMode('view');
    setDraft([]);
    setDrawError('');
    setReport(undefined);
    setImportError('');
    setCreateErrors(undefined);
    setError('');
  };
  /** The area as the API now has it, in the trail and the list. */
  const replaceCurrent = (a: AreaView) => {
    setTrail((t) => [...t.slice(0, -1), a]);
    setRoots((r) => r?.map((x) => (x.path === a.path ? a : x)));
  };

  const save = async (body: { boundary?: unknown; name?: string; active?: boolean }) => {
    if (!current) return undefined;
    setBusy(true);
    try {
      const res = await call('updateArea', { body: { path: current.path, ...body } as never });
      replaceCurrent(res.area);
      return res.area;
    } finally {
      setBusy(false);
    }
  };

  const finishDrawing = async () => {
    if (draft.length < 3) return setDrawError('至少点选 3 个点，才能围成边界');
    setDrawError('');
    try {
      await save({ boundary: { type: 'Polygon', coordinates: [[...draft, draft[0]!]] } });
      setMode('view');
      setDraft([]);
      void Taro.showToast({ title: '边界已保存', icon: 'success' });
    } catch (e) {
      setDrawError(e instanceof ApiError && e.fields ? Object.values(e.fields).join('；') : messageOf(e));
    }
  };

  const rename = async () => {
    setRenameErrors(undefined);
    try {
      await save({ name: newName });
      setMode('view');
      void Taro.showToast({ title: '已改名', icon: 'success' });
    } catch (e) {
      if (e instanceof ApiError && e.fields) setRenameErrors(e.fields);
      else showError(e);
    }
  };

  const setActive = async (active: boolean) => {
    if (!current) return;
    const { confirm } = await Taro.showModal({
      title: active ? '启用区域' : '停用区域',
      content: active ? `启用“${current.name}”后，定位和新增记录会重新使用它。` : `停用“${current.name}”后，定位不再落到该区域，也不能在其中新增企业或下级区域。`,
    });
    if (!confirm) return;
    try {
      await save({ active });
      void Taro.showToast({ title: active ? '已启用' : '已停用', icon: 'success' });
    } catch (e) {
      showError(e);
    }
  };

  const create = async () => {
    if (!current) return;
    setBusy(true);
    setCreateErrors(undefined);
    try {
      const res = await call('createArea', { body: { parent: current.path, code: form.code.trim(), name: form.name, level: form.level as AreaLevel } });
      void Taro.showToast({ title: '已创建，请为其划定边界', icon: 'none' });
      setVersion((v) => v + 1);
      return res.area;
    } catch (e) {
      if (e instanceof ApiError && e.fields) setCreateErrors(e.fields);
      else showError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const importFile = async () => {
    if (!current) return;
    setImportError('');
    setReport(undefined);
    let file;
    try {
      file = await pickGeoJson();
    } catch (e) {
      return setImportError(errorText(e));
    }
    if (!file) return;
    const checked = validate(CreateUploadBody, { purpose: 'boundary-import', fileName: file.name, contentType: BOUNDARY_FILE_TYPE, size: file.size });
    if (!checked.ok) return setImportError(Object.values(checked.fields).join('；'));
    setBusy(true);
    try {
      setImportStatus(`正在上传 ${file.name}（${formatSize(file.size)}）…`);
      const upload = await call('createUpload', { body: checked.data });
      await sendFile(upload, file);
      setImportStatus('上传完成，正在导入…');
      const res = await call('importBoundaries', { body: { parent: current.path, key: upload.key } });
      setReport(res);
      if (res.applied) setVersion((v) => v + 1);
      if (res.applied && res.matched.some((m) => m.path === current.path)) {
        const fresh = await call('listAreas', { query: parent ? { parent: parent.path } : {} });
        const mine = fresh.areas.find((a) => a.path === current.path);
        if (mine) replaceCurrent(mine);
      }
    } catch (e) {
      setImportError(errorText(e));
    } finally {
      setImportStatus('');
      setBusy(false);
    }
  };

  const below = current ? AREA_LEVELS.slice(AREA_LEVELS.indexOf(current.level) + 1) : [];
  const drawing = mode === 'draw';

  return (
    <View className="page ar-page">
      <Hero title="区域管理" sub="浏览区域、绘制或导入边界（GCJ-02 经纬度）、新建、改名与停用" />
      {error ? <Empty status="error" title="加载失败" description={error} /> : null}
      {!roots && !error ? <View className="card muted">加载中…</View> : null}

      {roots && roots.length > 1 && !current ? (
        <Cell.Group>
          {roots.map((r) => (
            <Cell key={r.path} className="ar-root" title={r.name} description={statusOf(r)} extra="›" onClick={() => go([r])} />
          ))}
        </Cell.Group>
      ) : null}

      {current ? (
        <View>
          <View className="crumbs">
            {roots && roots.length > 1 ? (
              <Text className="crumb" onClick={() => go([])}>
                全部辖区 ›
              </Text>
            ) : null}
            {trail.map((c, i) => (
              <Text key={c.path} className="crumb" onClick={() => go(trail.slice(0, i + 1))}>
                {c.name}
                {i < trail.length - 1 ? ' ›' : ''}
              </Text>
            ))}
          </View>

          <View className="card ar-current">
            <View className="card-title">{current.name}</View>
            <View className="card-line">{`${areaLevelLabel(current.level)} · 编码 ${current.code}${current.gridworkerName ? ` · 网格员：${current.gridworkerName}` : ''}`}</View>
            <View className={`card-line ar-status ${current.deactivatedAt ? 'mp-bad' : ''}`}>{current.deactivatedAt ? '状态：已停用' : '状态：启用'}</View>
            <View className={`card-line ar-boundary-state ${current.boundary ? '' : 'mp-bad'}`}>
              {current.boundary ? `边界：已划定（${positions(current)} 个点）` : '边界：未划定——该区域内的位置无法自动定位，请绘制或导入边界'}
            </View>
          </View>

          {drawing ? (
            <View className="notice ar-draw-help">
              <Text>{`在地图上沿边界依次点选拐点（已点 ${draft.length} 个，至少 3 个），点“完成并保存”自动闭合。`}</Text>
            </View>
          ) : null}
          {shapes.length || drawing ? <MapView points={[]} bounds={bounds} onPick={() => undefined} shapes={shapes} {...(drawing ? { onTapAt: (at) => setDraft((d) => [...d, [round6(at.lng), round6(at.lat)]]) } : {})} /> : null}

          {drawing ? (
            <View className="actions ar-draw-actions">
              <Button type="default" disabled={!draft.length} onClick={() => setDraft((d) => d.slice(0, -1))}>
                撤销上一点
              </Button>
              <Button type="default" disabled={!draft.length} onClick={() => setDraft([])}>
                清空
              </Button>
              <Button type="primary" loading={busy} onClick={() => void finishDrawing()}>
                完成并保存
              </Button>
              <Button type="default" fill="none" onClick={() => (setMode('view'), setDraft([]), setDrawError(''))}>
                取消
              </Button>
              <FieldError message={drawError} />
            </View>
          ) : mode === 'rename' ? (
            <View>
              <Field label="新名称" name="newName" value={newName} placeholder="区域名称" error={renameErrors?.name} onChange={setNewName} />
              <FieldError message={otherErrors(renameErrors, ['name'])} />
              <View className="actions">
                <Button block type="primary" loading={busy} onClick={() => void rename()}>
                  保存名称
                </Button>
                <Button block type="default" fill="none" onClick={() => setMode('view')}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <View className="actions ar-actions">
              <Button block type="primary" onClick={() => (setMode('draw'), setDraft([]), setReport(undefined))}>
                {current.boundary ? '重新绘制边界' : '绘制边界'}
              </Button>
              <Button block type="primary" fill="outline" loading={busy && !!importStatus} onClick={() => void importFile()}>
                导入边界（GeoJSON）
              </Button>
              <Button block type="default" onClick={() => (setMode('rename'), setNewName(current.name), setRenameErrors(undefined))}>
                改名
              </Button>
              {parent ? (
                <Button block type={current.deactivatedAt ? 'primary' : 'danger'} fill="outline" onClick={() => void setActive(!!current.deactivatedAt)}>
                  {current.deactivatedAt ? '启用该区域' : '停用该区域'}
                </Button>
              ) : null}
            </View>
          )}
          {importStatus ? <View className="card muted ar-import-status">{importStatus}</View> : null}
          <FieldError message={importError} />
          {report ? <Report report={report} /> : null}
          {!drawing ? (
            <View className="muted ar-import-help">
              <Text>导入：一个 GeoJSON 要素集合（FeatureCollection），坐标为 GCJ-02 经纬度（经度在前），每个要素的 properties 写 code（本区域下的编码）、name（区域名称）或 path；可一次导入整个街道。有误的要素会列出原因，此时不导入任何边界。</Text>
            </View>
          ) : null}

          <View className="section-title">下级区域</View>
          {!children ? <View className="card muted">加载中…</View> : null}
          {children && children.length === 0 ? <Empty size="small" title="没有下级区域" /> : null}
          <Cell.Group>
            {children?.filter((a) => a.parent === current.path).map((a) => (
              <Cell key={a.path} className={`area-item ${a.deactivatedAt ? 'ar-off' : ''}`} title={a.name} description={statusOf(a)} extra="›" onClick={() => go([...trail, a])} />
            ))}
          </Cell.Group>

          {below.length && !current.deactivatedAt ? (
            <View className="ar-create">
              <View className="form-title">{`在“${current.name}”下新建区域`}</View>
              <Field label="编码" name="code" value={form.code} placeholder="字母或数字，如 g12" error={createErrors?.code} onChange={(code) => setForm((f) => ({ ...f, code }))} />
              <Field label="名称" name="name" value={form.name} placeholder="如 第十二网格" error={createErrors?.name} onChange={(name) => setForm((f) => ({ ...f, name }))} />
              <View className="section-title">级别</View>
              <Choices options={below.map((l) => ({ value: l, label: areaLevelLabel(l) }))} value={form.level} onChange={(level) => setForm((f) => ({ ...f, level }))} />
              <FieldError message={createErrors?.level} />
              <FieldError message={otherErrors(createErrors, ['code', 'name', 'level'])} />
              <View className="actions">
                <Button block type="primary" loading={busy && !importStatus} onClick={() => void create()}>
                  新建下级区域
                </Button>
              </View>
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
