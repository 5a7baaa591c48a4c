export default definePageConfig({ navigationBarTitleText: "公众" });
