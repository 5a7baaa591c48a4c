/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'harmony' | undefined;
    TARO_APP_API_BASE?: string;
    TARO_APP_DEV_LOGIN?: string;
    TARO_APP_ID?: string;
  }
}
