// One jest run, four projects: `npm test` runs them all and prints one total.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'commonjs' } }];
const esmPackages = ['@middy', 'dynamodb-toolbox', 'jose', 'ulid'].join('|');
const node = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages})/)`],
  moduleNameMapper: {
    '^@safegrid/shared$': '<rootDir>/shared/src/index.ts',
    '^@middy/([^/]+)$': '<rootDir>/node_modules/@middy/$1/index.js',
  },
};

module.exports = {
  projects: [
    { ...node, displayName: 'unit', testMatch: ['<rootDir>/shared/test/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts'] },
    {
      ...node,
      displayName: 'integration',
      testMatch: ['<rootDir>/functions/test/**/*.test.ts'],
      globalSetup: '<rootDir>/functions/test/global-setup.ts',
      globalTeardown: '<rootDir>/functions/test/global-teardown.ts',
    },
    ...(require('node:fs').existsSync(`${__dirname}/miniapp/jest.config.js`) ? ['<rootDir>/miniapp/jest.config.js'] : []),
    {
      ...node,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/e2e/global-teardown.ts',
    },
  ],
};
