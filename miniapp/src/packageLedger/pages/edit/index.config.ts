export default definePageConfig({ navigationBarTitleText: '编辑档案' });
