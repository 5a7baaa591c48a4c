export default definePageConfig({ navigationBarTitleText: '十条红线' });
