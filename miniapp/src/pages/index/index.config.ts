export default definePageConfig({ navigationBarTitleText: "安全网格" });
