export default definePageConfig({ navigationBarTitleText: '编辑检查清单' });
