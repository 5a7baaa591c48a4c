export default definePageConfig({ navigationBarTitleText: '检查台账', enablePullDownRefresh: true });
