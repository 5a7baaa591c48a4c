export default defineAppConfig({
  pages: ['pages/index/index', 'pages/home/index', 'pages/me/index'],
  subPackages: [
    { root: 'packageGridworker', pages: ['pages/home/index'] },
    { root: 'packageSupervisor', pages: ['pages/home/index'] },
    { root: 'packageEnterprise', pages: ['pages/home/index'] },
    { root: 'packagePublic', pages: ['pages/home/index'] },
    { root: 'packageAdmin', pages: ['pages/home/index', 'pages/users/index'] },
    {
      root: 'packageLedger',
      pages: ['pages/list/index', 'pages/detail/index', 'pages/edit/index', 'pages/create/index', 'pages/redlines/index', 'pages/import/index'],
    },
  ],
  // 新增企业时“使用当前位置”.
  permission: { 'scope.userLocation': { desc: '用于记录新增企业的经纬度' } },
  requiredPrivateInfos: ['getLocation'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '安全网格',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
});
