/**
 * `@tarojs/taro` for jest: the H5 implementation's APIs on one object, as the H5 build makes them
 * (CommonJS, so both `import Taro from` and NutUI's UMD `require('@tarojs/taro')` see the same object).
 * Page hooks run as plain React effects; pull-down, reach-bottom and page-scroll handlers are kept for tests to call.
 */
const { useEffect } = require('react');
const h5 = require('@tarojs/taro-h5');

const Taro = { ...h5, ...h5.default };
delete Taro.default;
delete Taro.__esModule;

Taro.useDidShow = (fn) => useEffect(() => void fn(), []);
Taro.useRouter = () => ({ params: Taro.__routerParams || {} });
// Pull-down and reach-bottom: the page's latest handler, for a test to call.
Taro.usePullDownRefresh = (fn) => {
  Taro.__pullDownRefresh = fn;
};
Taro.useReachBottom = (fn) => {
  Taro.__reachBottom = fn;
};
// Page scroll: the page's latest handler, for a test to call after moving what it measures.
Taro.usePageScroll = (fn) => {
  Taro.__pageScroll = fn;
};
Taro.default = Taro;

module.exports = Taro;
