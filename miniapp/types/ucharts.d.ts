/** uCharts (@qiun/ucharts): the options this app passes, see https://www.ucharts.cn/v2/#/document/index. */
declare module '@qiun/ucharts' {
  export interface UChartsOptions {
    type: 'column' | 'line' | 'area' | 'bar' | 'pie' | 'ring' | 'mix';
    context: unknown;
    width: number;
    height: number;
    pixelRatio?: number;
    canvas2d?: boolean;
    animation?: boolean;
    background?: string;
    color?: string[];
    padding?: number[];
    fontSize?: number;
    dataLabel?: boolean;
    categories: string[];
    series: { name: string; data: number[]; color?: string }[];
    xAxis?: Record<string, unknown>;
    yAxis?: Record<string, unknown>;
    legend?: Record<string, unknown>;
    extra?: Record<string, unknown>;
  }
  export default class UCharts {
    constructor(opts: UChartsOptions);
    updateData(data: Partial<Pick<UChartsOptions, 'categories' | 'series'>>): void;
  }
}
