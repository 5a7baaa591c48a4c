export default definePageConfig({ navigationBarTitleText: '阅读并签署承诺书' });
