/**
 * `@nutui/nutui-react-taro` for jest, loaded per component as babel-plugin-import does in the build
 * (the library's full bundle pulls in lottie, which needs a canvas), with the components we replace
 * (babel.config.js `OURS`) taken from ours.
 */
const OURS = { Empty: () => require('../../src/components/Empty').default };
const cache = {};
module.exports = new Proxy(
  {},
  {
    get(_, name) {
      if (name === '__esModule') return true;
      if (typeof name !== 'string' || name === 'then' || name === 'default') return undefined;
      if (!cache[name]) cache[name] = OURS[name] ? OURS[name]() : require(`@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}/index.js`).default;
      return cache[name];
    },
  },
);
