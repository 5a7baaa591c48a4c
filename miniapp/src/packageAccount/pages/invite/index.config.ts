export default definePageConfig({ navigationBarTitleText: "受邀加入" });
