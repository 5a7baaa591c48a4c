// babel-preset-taro: https://docs.taro.zone/docs/babel-config
const path = require('node:path');

const nutui = (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`;
/**
 * NutUI components we replace with our own of the same name and props: Empty, whose pictures NutUI
 * loads from a CDN, comes from src/components/Empty.tsx with pictures we ship (test/shims/nutui.js
 * does the same in the tests). Its NutUI CSS still applies.
 */
const OURS = { Empty: path.join(__dirname, 'src/components/Empty') };

module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
  plugins: [
    // NutUI components on demand, each with its ready CSS.
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        customName: (name) => OURS[name] ?? nutui(name),
        customStyleName: (name) => `${nutui(name)}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
};
