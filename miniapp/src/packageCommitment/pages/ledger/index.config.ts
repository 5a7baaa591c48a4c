export default definePageConfig({ navigationBarTitleText: '承诺书台账', enablePullDownRefresh: true });
