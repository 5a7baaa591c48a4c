/**
 * A district from nothing: its root area and an invitation for its first admin, nothing else.
 *
 *   npm run district:init -- --code 370911 --name 泰安高新区 --admin-phone 13800000000 [--admin-name 张敏]
 *
 * Against the local stack (`npm start`, DynamoDB Local on DYNAMO_PORT, 8000 by default) unless
 * STAGE names a deployed stage: then TABLE_NAME, AWS credentials and the stage's SSM secrets are
 * used as the functions use them (the code is sealed with the stage's secret, the mini-program
 * code comes from WeChat). Prints the one-time code and what to do with it. Run again for a district
 * that exists, it refuses (the first admin then invites the others from the app).
 */
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { AreaCode, ChineseName, Phone, type Area } from '@safegrid/shared';
import { loadDeps } from '../functions/src/deps';
import { getArea } from '../functions/src/repos/areas';
import { firstAdminInvitation } from '../functions/src/usecases/invitations';

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (m) out[m[1]!] = m[2] ?? argv[++i] ?? '';
  }
  return out;
}

function fail(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(2);
}

export async function initDistrict(input: { code: string; name: string; adminPhone: string; adminName: string }) {
  const code = AreaCode.safeParse(input.code);
  if (!code.success) fail(`--code：${code.error.issues[0]!.message}（如 370911，区县的行政区划代码）`);
  const name = ChineseName.safeParse(input.name);
  if (!name.success) fail('--name：请填写辖区名称，如 泰安高新区');
  const phone = Phone.safeParse(input.adminPhone);
  if (!phone.success) fail('--admin-phone：应为11位手机号（第一位管理员本人的手机号）');
  const d = await loadDeps();
  if (await getArea(d.db, code.data)) fail(`辖区 ${code.data} 已存在：请由其管理员在小程序中邀请其他人员`);
  const root: Area = { path: code.data, code: code.data, name: name.data, level: 'district' };
  await d.db.areas.build(PutItemCommand).item(root).options({ condition: { attr: 'path', exists: false } }).send();
  const invitation = await firstAdminInvitation(d, root.path, input.adminName || '管理员', phone.data);
  return { root, invitation };
}

async function main() {
  const a = args(process.argv.slice(2));
  process.env.STAGE ??= 'local';
  if (process.env.STAGE === 'local') {
    process.env.DYNAMODB_ENDPOINT ??= `http://127.0.0.1:${process.env.DYNAMO_PORT ?? 8000}`;
    process.env.S3_ENDPOINT ??= `http://127.0.0.1:${process.env.S3_PORT ?? 4569}`;
  }
  const { root, invitation } = await initDistrict({ code: a.code ?? '', name: a.name ?? '', adminPhone: a['admin-phone'] ?? '', adminName: a['admin-name'] ?? '' });
  console.log(`✔ 辖区“${root.name}”（${root.path}）已建立，数据表 ${process.env.TABLE_NAME ?? 'safegrid-local'}`);
  console.log(`  第一位管理员的邀请码：${invitation.code}（有效期至 ${invitation.expiresAt}）`);
  console.log(`  请本人在小程序中点“受邀加入”，输入邀请码，或用手机号 ${invitation.phone} 一键验证。`);
  if (invitation.qrUrl) console.log(`  小程序码（扫码加入）：${invitation.qrUrl}`);
  console.log('  之后由该管理员在小程序中建立街道、社区、网格（含边界），导入企业普查表，邀请监管人员、网格员和企业负责人。');
}

if (require.main === module) {
  main().catch((error: unknown) => fail((error as Error).message));
}
