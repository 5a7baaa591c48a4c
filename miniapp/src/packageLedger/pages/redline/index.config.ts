export default definePageConfig({ navigationBarTitleText: '编辑红线' });
