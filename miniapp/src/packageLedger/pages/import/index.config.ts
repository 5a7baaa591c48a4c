export default definePageConfig({ navigationBarTitleText: '导入普查台账' });
