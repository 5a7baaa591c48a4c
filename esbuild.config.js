// How every function is bundled: read by serverless-esbuild (serverless.yml → custom.esbuild.config)
// and by scripts/bundle.ts, so the sizes and cold starts we measure are those we deploy.
module.exports = () => ({
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  target: 'node22',
  platform: 'node',
  format: 'cjs',
  // Our messages are Chinese: esbuild's default (ascii) writes each character as a 6-byte \uXXXX escape,
  // UTF-8 as 3 bytes. Every function carries the whole contract's messages, so this is ≈ 11 KB a function.
  charset: 'utf8',
  // The nodejs22.x runtime ships AWS SDK v3; bundling it would triple every function's size.
  external: ['@aws-sdk/*'],
  exclude: ['@aws-sdk/*'],
});
