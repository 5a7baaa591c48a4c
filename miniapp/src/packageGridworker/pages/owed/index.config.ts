export default definePageConfig({ navigationBarTitleText: '应检企业', enablePullDownRefresh: true });
