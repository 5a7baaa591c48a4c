export default definePageConfig({ navigationBarTitleText: '承诺书校验' });
