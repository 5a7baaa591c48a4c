import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Every path the API does not know answers in our error body, not the gateway's. */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => ({
  statusCode: 404,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({
    error: { code: 'NOT_FOUND', message: `接口 ${event.requestContext?.http?.method ?? ''} ${event.rawPath ?? ''} 不存在，请检查地址或升级小程序` },
  }),
});
