export default definePageConfig({ navigationBarTitleText: '新增企业' });
