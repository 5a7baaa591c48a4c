export default definePageConfig({ navigationBarTitleText: '奖励审核', enablePullDownRefresh: true });
