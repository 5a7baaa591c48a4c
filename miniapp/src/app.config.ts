export default defineAppConfig({
  pages: ['pages/index/index', 'pages/home/index', 'pages/me/index'],
  subPackages: [
    { root: 'packageGridworker', pages: ['pages/home/index'] },
    { root: 'packageSupervisor', pages: ['pages/home/index'] },
    { root: 'packageEnterprise', pages: ['pages/home/index'] },
    { root: 'packagePublic', pages: ['pages/home/index'] },
    { root: 'packageAdmin', pages: ['pages/home/index', 'pages/users/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '安全网格',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
});
