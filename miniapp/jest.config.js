// Component tests: jsdom, @swc/jest, Taro's H5 implementation under the `@tarojs/taro` name.
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2020', transform: { react: { runtime: 'automatic' } } },
    module: { type: 'commonjs' },
  },
];
// Packages Taro (and our deps) ship as ESM only.
const esm = ['@tarojs', '@stencil', 'nanoid', 'query-string', 'decode-uri-component', 'split-on-first', 'filter-obj', 'style-inject', 'swiper', 'ssr-window', 'dom7', 'ulid', 'tslib', '\\.pnpm', 'lodash-es', '@nutui', 'supercluster', 'kdbush', '@qiun'].join('|');

module.exports = {
  displayName: 'component',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.test.ts?(x)'],
  testEnvironment: 'jsdom',
  // Images as the build inlines them (Taro inlines those under 2 KB): a data: URL of the file.
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc, '^.+\\.png$': '<rootDir>/test/shims/image.js' },
  transformIgnorePatterns: [`/node_modules/(?!(${esm})/)`],
  moduleNameMapper: {
    '^@safegrid/shared$': path.join(__dirname, '../shared/src/index.ts'),
    '^@tarojs/taro$': '<rootDir>/test/shims/taro.js',
    '^@tarojs/components$': '@tarojs/components/lib/react',
    '^@nutui/nutui-react-taro$': '<rootDir>/test/shims/nutui.js',
    '^lodash-es$': 'lodash',
    '^lodash-es/(.*)$': 'lodash/$1',
    '\\.(css|scss|less)$': '<rootDir>/test/shims/style.js',
  },
  setupFiles: ['<rootDir>/test/shims/setup.js', '<rootDir>/test/shims/canvas.js'],
};
