export default definePageConfig({ navigationBarTitleText: '一张图', enablePullDownRefresh: true });
