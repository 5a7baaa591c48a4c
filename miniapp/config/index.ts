import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/** The shared domain package is compiled from its TypeScript source. */
const sharedSrc = path.resolve(__dirname, '../../shared/src');
const apiBase = process.env.TARO_APP_API_BASE || 'http://localhost:3000';
const devLogin = process.env.TARO_APP_DEV_LOGIN || '';

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'safegrid',
    date: '2026-11-23',
    // NutUI's files are drawn for a 375 px wide screen, ours for 750.
    designWidth(input) {
      const file = typeof input === 'object' && input ? (input as { file?: string }).file : undefined;
      if (file?.replace(/\\+/g, '/').includes('@nutui')) return 375;
      return 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // One folder per platform, so the weapp and H5 builds never clear each other's output.
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    // Values from the shell win over .env files, so CI and the browser tests can inject them.
    env: {
      TARO_APP_API_BASE: JSON.stringify(apiBase),
      TARO_APP_DEV_LOGIN: JSON.stringify(devLogin),
    },
    defineConstants: {},
    alias: { '@safegrid/shared': path.join(sharedSrc, 'index.ts') },
    // The map's marker icons (packageMap): WeChat's map wants a file path, and images this small would be inlined as base64.
    copy: { patterns: process.env.TARO_ENV === 'weapp' ? [{ from: 'src/packageMap/assets/', to: 'dist/weapp/packageMap/assets/' }] : [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      // NutUI's per-component CSS lands in shared chunks in differing orders; they do not overlap.
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css',
      },
      devServer: { port: Number(process.env.H5_PORT || 10086), host: '0.0.0.0' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
