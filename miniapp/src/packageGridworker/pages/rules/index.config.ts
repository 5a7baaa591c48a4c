export default definePageConfig({ navigationBarTitleText: '检查频次' });
