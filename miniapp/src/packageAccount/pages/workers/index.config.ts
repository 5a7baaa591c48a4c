export default definePageConfig({ navigationBarTitleText: "我的员工" });
