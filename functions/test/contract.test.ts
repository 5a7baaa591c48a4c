import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '@readme/openapi-parser';
import { api } from '@safegrid/shared';
import { OPENAPI_FILE, loadDeclarations, openApiDocument, openApiText } from '../../scripts/openapi';
import { METRICS_NAMESPACE, METRIC_UNITS, NEAR_TIMEOUT_SHARE } from '../src/adapters/metrics';
import { SECRET_PARAMETERS, secretsPath } from '../src/adapters/secrets';
import { TABLE_DEFINITION, TTL_ATTRIBUTE } from '../src/repos/table';

const root = join(__dirname, '..', '..');
const yml = readFileSync(join(root, 'serverless.yml'), 'utf8');

/** name → { handler, method, path } as serverless.yml declares them. */
function declaredFunctions() {
  const found = new Map<string, { handler: string; method?: string; path?: string }>();
  const re = /^  (\w+):\n    handler: (\S+)\n(?:    (?!events)\w+: .*\n)*    events: \[\{ httpApi: (?:\{ method: (\w+), path: '?([^'\s]+?)'? \}|'\*') \}\]/gm;
  for (const m of yml.matchAll(re)) found.set(m[1]!, { handler: m[2]!, method: m[3], path: m[4] });
  return found;
}

describe('serverless.yml, the handlers and the shared contract agree', () => {
  const declared = declaredFunctions();

  it.each(Object.entries(api))('%s is deployed with its method and path', (name, route) => {
    expect(declared.get(name)).toEqual({ handler: `functions/src/handlers/${name}.handler`, method: route.method, path: route.path });
    expect(existsSync(join(root, 'functions', 'src', 'handlers', `${name}.ts`))).toBe(true);
  });

  it('deploys the table the code and the local stack create', () => {
    const deployed = [...yml.matchAll(/IndexName: (\w+)\n\s+KeySchema:\n\s+- \{ AttributeName: (\w+), KeyType: HASH \}\n\s+- \{ AttributeName: (\w+), KeyType: RANGE \}/g)].map((m) => m.slice(1));
    expect(deployed).toEqual(TABLE_DEFINITION.GlobalSecondaryIndexes.map((g) => [g.IndexName, g.KeySchema[0]!.AttributeName, g.KeySchema[1]!.AttributeName]));
    const attributes = [...yml.matchAll(/- \{ AttributeName: (\w+), AttributeType: S \}/g)].map((m) => m[1]);
    expect(attributes).toEqual(TABLE_DEFINITION.AttributeDefinitions.map((a) => a.AttributeName));
    expect(yml).toContain(`TimeToLiveSpecification: { AttributeName: ${TTL_ATTRIBUTE}, Enabled: true }`);
  });

  it('throttles every route of the HTTP API stage (the stage osls generates, extended)', () => {
    const m = yml.match(/^resources:\n(?:  #.*\n)*  extensions:\n    HttpApiStage:\n      Properties:\n        DefaultRouteSettings: \{ ThrottlingRateLimit: (\d+), ThrottlingBurstLimit: (\d+)/m);
    expect(m && { rate: Number(m[1]), burst: Number(m[2]) }).toEqual({ rate: 50, burst: 100 });
  });

  it('deploys nothing beyond the contract but the catch-all 404', () => {
    expect([...declared.keys()].filter((n) => !(n in api))).toEqual(['notFound']);
  });
});

describe('docs/openapi.json', () => {
  type Operation = { operationId: string; security: unknown[]; 'x-safegrid-roles'?: string[] };
  const operations = async () => {
    const doc = openApiDocument(await loadDeclarations());
    const paths = doc.paths as Record<string, Record<string, Operation>>;
    return { doc, all: Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path }))) };
  };

  it('is what the contract and the handlers generate today', async () => {
    const { doc } = await operations();
    const committed = existsSync(OPENAPI_FILE) ? readFileSync(OPENAPI_FILE, 'utf8') : '';
    expect(committed === openApiText(doc) ? 'up to date' : 'docs/openapi.json differs from the code: run npm run openapi').toBe('up to date');
  });

  it('is a valid OpenAPI 3.1 document (schema, unique operationIds, every $ref resolves)', async () => {
    const { doc } = await operations();
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
  });

  it('has every route of the contract and every HTTP function of serverless.yml once, with its method and path', async () => {
    const { all } = await operations();
    const documented = all.map((o) => `${o.operationId} ${o.method} ${o.path}`).sort();
    expect(documented).toEqual(Object.entries(api).map(([name, r]) => `${name} ${r.method} ${r.path}`).sort());
    const deployed = [...declaredFunctions()].filter(([, f]) => f.method).map(([name, f]) => `${name} ${f.method} ${f.path}`);
    expect(documented).toEqual(deployed.sort());
  });

  it('asks for the bearer token on every route but the anonymous ones, and names the roles a handler declares', async () => {
    const { all } = await operations();
    const declared = await loadDeclarations();
    for (const o of all) {
      const anonymous = 'anonymous' in api[o.operationId as keyof typeof api];
      expect({ route: o.operationId, security: o.security }).toEqual({ route: o.operationId, security: anonymous ? [] : [{ bearer: [] }] });
      const access = declared.get(o.operationId as keyof typeof api)!.access;
      expect({ route: o.operationId, roles: o['x-safegrid-roles'] }).toEqual({ route: o.operationId, roles: typeof access === 'object' ? access.roles : undefined });
    }
  });
});

/** serverless.yml as osls reads it (its own YAML schema, for !Ref, !GetAtt, !Sub…), variables unresolved. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parseServerless = require('osls/lib/utils/fs/parse.js') as (file: string, text: string) => any;
const config = parseServerless('serverless.yml', yml);
const resources: Record<string, { Type: string; Condition?: string; DeletionPolicy?: string; Properties: any }> = config.resources.Resources;
const functions: Record<string, { events?: Record<string, unknown>[]; destinations?: any; disableLogs?: boolean }> = config.functions;
const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const isHttp = (f: { events?: Record<string, unknown>[] }) => (f.events ?? []).some((e) => 'httpApi' in e);

describe('secrets: none in the functions’ configuration (issue #16, item 8)', () => {
  it('gives the functions no secret as an environment variable, only the path of the stage’s SSM parameters', () => {
    const names = Object.keys(config.provider.environment);
    expect(names.filter((n) => /SECRET|PRIVATE_KEY|API_V3_KEY|PUSH_TOKEN|PASSWORD/.test(n) && n !== 'SECRETS_PATH')).toEqual([]);
    expect(config.provider.environment.SECRETS_PATH).toBe('/safegrid/${sls:stage}/');
    // The path the code reads by default is the one serverless.yml grants.
    expect(secretsPath({}, '${sls:stage}')).toBe(config.provider.environment.SECRETS_PATH);
    for (const f of Object.values(functions)) expect(Object.keys((f as { environment?: object }).environment ?? {})).toEqual([]);
  });

  it('lets the functions read the stage’s own parameters and nothing else of SSM', () => {
    const statements: { Effect: string; Action: string[] | string; Resource: unknown }[] = config.provider.iam.role.statements;
    const ssm = statements.filter((s) => JSON.stringify(s.Action).includes('ssm:'));
    expect(ssm).toEqual([
      {
        Effect: 'Allow',
        Action: ['ssm:GetParameters', 'ssm:GetParameter'],
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/safegrid/${sls:stage}/*' },
      },
    ]);
    // The grant is the path the functions read, and every secret the code asks for lies right under it.
    expect((ssm[0]!.Resource as { 'Fn::Sub': string })['Fn::Sub'].endsWith(`:parameter${config.provider.environment.SECRETS_PATH}*`)).toBe(true);
    for (const name of Object.values(SECRET_PARAMETERS)) expect(name).toMatch(/^[a-z0-9-]+$/);
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('kms:'))).toEqual([]);
  });

  it('leaves the AWS SDK (the SSM client with it) to the runtime, unbundled', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(join(root, 'esbuild.config.js'))().external).toContain('@aws-sdk/*');
  });
});

describe('knowing when it fails (issue #16, item 9)', () => {
  const alarms = Object.fromEntries(byType('AWS::CloudWatch::Alarm'));
  const asyncFunctions = Object.entries(functions).filter(([, f]) => !isHttp(f)).map(([name]) => name).sort();

  it('sends every asynchronous function’s failed invocations to the on-failure queue, kept 14 days', () => {
    expect(asyncFunctions).toEqual(['escalateOverdue', 'monthlyBulletins', 'processImport']);
    for (const name of asyncFunctions) {
      expect({ name, destinations: functions[name]!.destinations }).toEqual({ name, destinations: { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['FailedInvocations', 'Arn'] } } } });
    }
    expect(resources.FailedInvocations).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 14 * 24 * 3600 } });
    expect(alarms.FailedInvocationsAlarm!.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['FailedInvocations', 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms on the errors of exactly those functions', () => {
    const watched = alarms.JobErrorsAlarm!.Properties.Metrics.filter((m: any) => m.MetricStat).map((m: any) => {
      expect(m.MetricStat.Metric).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Errors' });
      return m.MetricStat.Metric.Dimensions[0].Value.replace('${self:service}-${sls:stage}-', '');
    });
    expect(watched.sort()).toEqual(asyncFunctions);
  });

  it('alarms on the API’s 5xx rate over 5 minutes, from the HTTP API’s own metrics', () => {
    const { Metrics, Threshold, ComparisonOperator } = alarms.Api5xxRateAlarm!.Properties;
    const stat = (id: string) => Metrics.find((m: any) => m.Id === id).MetricStat;
    expect(stat('errors')).toEqual({ Metric: { Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }] }, Period: 300, Stat: 'Sum' });
    expect(stat('requests')).toEqual({ Metric: { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }] }, Period: 300, Stat: 'Sum' });
    expect(Metrics.find((m: any) => m.ReturnData).Expression).toBe('IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)');
    expect({ Threshold, ComparisonOperator }).toEqual({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' });
  });

  it('alarms on Lambda throttles and on the NearTimeout metric the stacks write', () => {
    expect(alarms.LambdaThrottlesAlarm!.Properties).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: 'Throttles', Statistic: 'Sum', Threshold: 1 });
    expect(alarms.LambdaThrottlesAlarm!.Properties.Dimensions).toBeUndefined();
    expect(alarms.NearTimeoutAlarm!.Properties).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: 'NearTimeout',
      Dimensions: [{ Name: 'stage', Value: '${sls:stage}' }],
      Statistic: 'Sum',
      Threshold: 1,
    });
    expect(METRIC_UNITS.NearTimeout).toBe('Count');
    expect(NEAR_TIMEOUT_SHARE).toBe(0.2);
  });

  it('tells the alarm topic of every alarm and its recovery; ALARM_EMAIL subscribes an address', () => {
    expect(Object.keys(alarms).sort()).toEqual(['Api5xxRateAlarm', 'FailedInvocationsAlarm', 'JobErrorsAlarm', 'LambdaThrottlesAlarm', 'NearTimeoutAlarm']);
    for (const [name, alarm] of Object.entries(alarms)) {
      expect({ name, alarm: alarm.Properties.AlarmActions, ok: alarm.Properties.OKActions, missing: alarm.Properties.TreatMissingData }).toEqual({
        name,
        alarm: [{ Ref: 'AlarmTopic' }],
        ok: [{ Ref: 'AlarmTopic' }],
        missing: 'notBreaching',
      });
      expect(alarm.Properties.AlarmName).toMatch(/^\$\{self:service\}-\$\{sls:stage\}-/);
    }
    expect(resources.AlarmTopic!.Type).toBe('AWS::SNS::Topic');
    expect(resources.AlarmEmail).toMatchObject({ Type: 'AWS::SNS::Subscription', Condition: 'HasAlarmEmail', Properties: { Protocol: 'email', Endpoint: '${param:alarmEmail}' } });
    expect(config.resources.Conditions.HasAlarmEmail).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['${param:alarmEmail}', ''] }] });
    expect(config.params.default.alarmEmail).toBe("${env:ALARM_EMAIL, ''}");
  });

  it('keeps point-in-time recovery on the table (docs/operations.md has the restore drill)', () => {
    expect(resources.Table).toMatchObject({ DeletionPolicy: 'Retain', Properties: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } } });
    expect(readFileSync(join(root, 'docs', 'operations.md'), 'utf8')).toMatch(/restore-table-to-point-in-time/);
  });

  it('lets a restore switch the functions to the restored table, their IAM grant with them (SAFEGRID_TABLE_NAME)', () => {
    expect(config.params.default.tableName).toBe("${env:SAFEGRID_TABLE_NAME, '${self:service}-${sls:stage}'}");
    expect(config.provider.environment.TABLE_NAME).toBe('${param:tableName}');
    const dynamo = config.provider.iam.role.statements.find((st: { Action: unknown }) => JSON.stringify(st.Action).includes('dynamodb:'));
    expect(dynamo.Resource).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${param:tableName}' },
      { 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${param:tableName}/index/*' },
    ]);
    expect(resources.Table!.Properties.TableName).toBe('${self:service}-${sls:stage}');
  });
});

describe('the stack fits CloudFormation', () => {
  /**
   * What `osls package` makes of serverless.yml, counted the way osls counts: each function, its log
   * group (and a version unless versionFunctions is false); for HTTP functions a permission, and an
   * integration and a route per event; for schedules a rule and a permission; an invoke config where
   * destinations are set; the role, the deployment bucket and its policy, the HTTP API and its stage;
   * and our own resources. Checked against the packaged template whenever one is there.
   */
  function modelledResources(): number {
    let n = 5 + Object.keys(resources).length;
    // serverless-logging-config sends every function to the one FunctionLogs group: no group per function.
    const sharedLogs = (config.plugins as string[]).includes('serverless-logging-config');
    for (const f of Object.values(functions)) {
      const events = f.events ?? [];
      n += 1 + (f.disableLogs || sharedLogs ? 0 : 1) + (config.provider.versionFunctions === false ? 0 : 1);
      if (isHttp(f)) n += 1 + 2 * events.filter((e) => 'httpApi' in e).length;
      n += 2 * events.filter((e) => 'schedule' in e).length;
      if (f.destinations) n += 1;
    }
    return n;
  }

  it('stays under the 500 resources CloudFormation allows a stack', () => {
    expect(config.provider.versionFunctions).toBe(false);
    const n = modelledResources();
    expect(n < 500 ? 'fits' : `${n} resources: CloudFormation refuses a stack over 500`).toBe('fits');
  });

  it('sends every function to the one log group, kept as long as the provider says', () => {
    expect(config.custom['serverless-logging-config']).toEqual({ logGroupName: '/aws/lambda/${self:service}-${sls:stage}' });
    expect(resources.FunctionLogs).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/lambda/${self:service}-${sls:stage}', RetentionInDays: '${self:provider.logRetentionInDays}' } });
  });
});
