export default definePageConfig({ navigationBarTitleText: '发放台账', enablePullDownRefresh: true });
