export default definePageConfig({ navigationBarTitleText: '承诺签署率', enablePullDownRefresh: true });
