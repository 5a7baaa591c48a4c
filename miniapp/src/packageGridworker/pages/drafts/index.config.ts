export default definePageConfig({ navigationBarTitleText: '检查草稿' });
