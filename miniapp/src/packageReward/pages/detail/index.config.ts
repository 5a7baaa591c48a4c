export default definePageConfig({ navigationBarTitleText: '奖励详情' });
