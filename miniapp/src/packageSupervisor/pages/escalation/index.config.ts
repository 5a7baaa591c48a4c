export default definePageConfig({ navigationBarTitleText: '逾期升级' });
