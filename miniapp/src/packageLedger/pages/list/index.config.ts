export default definePageConfig({ navigationBarTitleText: '企业台账', disableScroll: true });
