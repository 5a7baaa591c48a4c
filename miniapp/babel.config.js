// babel-preset-taro: https://docs.taro.zone/docs/babel-config
const nutui = (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`;

module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
  plugins: [
    // NutUI components on demand, each with its ready CSS.
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        customName: (name) => nutui(name),
        customStyleName: (name) => `${nutui(name)}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
};
