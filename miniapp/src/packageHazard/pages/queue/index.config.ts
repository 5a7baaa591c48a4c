export default definePageConfig({ navigationBarTitleText: '待办隐患', enablePullDownRefresh: true });
