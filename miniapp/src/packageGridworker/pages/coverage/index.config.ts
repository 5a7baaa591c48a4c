export default definePageConfig({ navigationBarTitleText: '检查覆盖', enablePullDownRefresh: true });
