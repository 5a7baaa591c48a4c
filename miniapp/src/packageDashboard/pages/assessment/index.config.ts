export default definePageConfig({ navigationBarTitleText: '网格员考核', enablePullDownRefresh: true });
