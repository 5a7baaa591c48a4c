export default definePageConfig({ navigationBarTitleText: '未签承诺', enablePullDownRefresh: true });
