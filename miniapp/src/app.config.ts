export default defineAppConfig({
  pages: ['pages/index/index', 'pages/home/index', 'pages/me/index'],
  subPackages: [
    {
      root: 'packageGridworker',
      pages: ['pages/home/index', 'pages/owed/index', 'pages/check/index', 'pages/drafts/index', 'pages/record/index', 'pages/coverage/index', 'pages/checks/index', 'pages/templates/index', 'pages/template/index', 'pages/rules/index'],
    },
    { root: 'packageSupervisor', pages: ['pages/home/index', 'pages/escalation/index'] },
    { root: 'packageEnterprise', pages: ['pages/home/index'] },
    { root: 'packagePublic', pages: ['pages/home/index'] },
    { root: 'packageAdmin', pages: ['pages/home/index', 'pages/users/index'] },
    {
      root: 'packageLedger',
      pages: ['pages/list/index', 'pages/detail/index', 'pages/edit/index', 'pages/create/index', 'pages/redlines/index', 'pages/import/index', 'pages/redline/index'],
    },
    { root: 'packageHazard', pages: ['pages/report/index', 'pages/mine/index', 'pages/detail/index', 'pages/queue/index', 'pages/list/index'] },
    { root: 'packageCommitment', pages: ['pages/list/index', 'pages/sign/index', 'pages/signed/index', 'pages/unsigned/index', 'pages/rates/index', 'pages/ledger/index', 'pages/templates/index', 'pages/template/index', 'pages/verify/index'] },
    { root: 'packageReward', pages: ['pages/mine/index', 'pages/queue/index', 'pages/detail/index', 'pages/payouts/index', 'pages/rules/index'] },
    { root: 'packageDashboard', pages: ['pages/index/index', 'pages/bulletins/index', 'pages/bulletin/index', 'pages/assessment/index', 'pages/weights/index'] },
    { root: 'packageMap', pages: ['pages/index/index', 'pages/areas/index'] },
    { root: 'packagePrivacy', pages: ['pages/policy/index', 'pages/data/index'] },
    { root: 'packageAccount', pages: ['pages/invite/index', 'pages/invitations/index', 'pages/workers/index', 'pages/name/index'] },
  ],
  // The hazard pages are where people go from these homes, often on a weak signal: fetch them early.
  preloadRule: {
    'packagePublic/pages/home/index': { network: 'all', packages: ['packageHazard'] },
    'packageEnterprise/pages/home/index': { network: 'all', packages: ['packageHazard'] },
    'packageGridworker/pages/home/index': { network: 'all', packages: ['packageHazard'] },
  },
  // 新增企业时“使用当前位置”; 随手拍 and 巡查上报 record where the hazard is (and let the user adjust it on the map); a site check signs in where the inspector stands.
  permission: { 'scope.userLocation': { desc: '用于记录新增企业的经纬度、上报隐患的位置和现场检查签到' } },
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  // 按需注入: a page's components are injected when it is opened, not all at start-up (WeChat's 代码质量 check asks for it).
  lazyCodeLoading: 'requiredComponents',
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '安全网格',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
});
