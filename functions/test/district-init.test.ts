/**
 * A district from an empty table (npm run district:init): its root area and its first admin's
 * invitation, nothing else; that admin signs in with their own WeChat and the code, and holds the
 * district. Run again, it refuses.
 */
import { ensureTable } from '../../scripts/local/services';
import { initDistrict } from '../../scripts/district-init';
import { deps, overrideDeps } from '../src/deps';
import { handler as acceptInvitation } from '../src/handlers/acceptInvitation';
import { handler as createArea } from '../src/handlers/createArea';
import { handler as wechatLogin } from '../src/handlers/wechatLogin';
import { snapshot, invoke, wechat } from './support';

beforeAll(async () => {
  await ensureTable(process.env.DYNAMODB_ENDPOINT!, process.env.TABLE_NAME!);
  overrideDeps({ wechat });
});

it('makes the root and an invitation for the first admin, who signs in with it and builds the district', async () => {
  expect(await snapshot()).toEqual([]);
  const { root, invitation } = await initDistrict({ code: '370999', name: '新建示范区', adminPhone: '13900001111', adminName: '张敏' });
  expect(root).toMatchObject({ path: '370999', level: 'district' });
  expect(invitation).toMatchObject({ role: 'admin', scopeName: '新建示范区', state: 'pending', createdByName: '系统初始化', code: expect.stringMatching(/^[2-9A-Z]{8}$/) });
  // The root, the invitation and its code: nothing else.
  expect((await snapshot()).length).toBe(3);

  const session = await invoke(wechatLogin, { method: 'POST', body: { code: 'wx-zhang-min' } });
  const joined = await invoke(acceptInvitation, { method: 'POST', token: session.body.token, body: { phoneCode: 'phone:13900001111' } });
  expect(joined.status).toBe(200);
  expect(joined.body.user).toMatchObject({ name: '张敏', grants: [{ role: 'admin', area: '370999' }] });
  const street = await invoke(createArea, { method: 'POST', token: session.body.token, body: { parent: '370999', code: 's1', name: '第一街道', level: 'street' } });
  expect(street.status).toBe(200);
  expect(deps().config.stage).toBe('test');
});

it('refuses a district that exists', async () => {
  const exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => {
    throw new Error(`exit ${code}`);
  }) as never);
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  await expect(initDistrict({ code: '370999', name: '新建示范区', adminPhone: '13900001111', adminName: '张敏' })).rejects.toThrow('exit 2');
  expect(error).toHaveBeenCalledWith(expect.stringContaining('已存在'));
  await expect(initDistrict({ code: '370 999', name: 'x', adminPhone: '1', adminName: '' })).rejects.toThrow('exit 2');
  exit.mockRestore();
  error.mockRestore();
});
