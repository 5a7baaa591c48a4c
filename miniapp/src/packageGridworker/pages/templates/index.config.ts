export default definePageConfig({ navigationBarTitleText: '检查清单', enablePullDownRefresh: true });
