export default definePageConfig({ navigationBarTitleText: '已签署的承诺书' });
