import type { NoticeStateView } from '@safegrid/shared';

/** The templates GET /me/counts hands the app (one-time unless said), with nothing accepted yet. */
export const NOTICES: NoticeStateView[] = [
  { kind: 'newReport', label: '网格内新上报的隐患', templateId: 'tpl-new-report', longTerm: false, left: 0 },
  { kind: 'hazardAssigned', label: '本企业新交办的隐患', templateId: 'tpl-assigned', longTerm: false, left: 0 },
  { kind: 'recheckDue', label: '待复查的整改', templateId: 'tpl-recheck', longTerm: false, left: 0 },
  { kind: 'hazardOutcome', label: '举报的处理结果', templateId: 'tpl-outcome', longTerm: false, left: 0 },
  { kind: 'enforcementClue', label: '新的执法线索', templateId: 'tpl-clue', longTerm: false, left: 0 },
  { kind: 'commitmentDue', label: '告知承诺书签署提醒', templateId: 'tpl-commitment', longTerm: false, left: 0 },
  { kind: 'rewardOutcome', label: '举报奖励的进展', templateId: 'tpl-reward', longTerm: false, left: 0 },
];
