export default definePageConfig({ navigationBarTitleText: '告知承诺', enablePullDownRefresh: true });
