export default definePageConfig({ navigationBarTitleText: '编辑承诺书' });
