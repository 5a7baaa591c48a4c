/**
 * The app parses every reply with the contract and shows an error for one that does not match
 * (a sign page once went blank on an enterpriseCommitments reply without its `signed` list). The
 * server's side of that promise: in each state of a letter, for each kind of reader, the reply is
 * one the contract accepts, `signed` included.
 */
import { api } from '@safegrid/shared';
import { handler as enterpriseCommitments } from '../src/handlers/enterpriseCommitments';
import { publish, sign, signBody } from './commitment-support';
import { token } from './hazard-support';
import { invoke, setupTable } from './support';

// A loaded machine can take a while to create the table and sign with a real PNG in the local S3.
jest.setTimeout(60_000);
beforeAll(setupTable);

const readers = ['owner-1', 'gw-1', 'sup-s1', 'sup-d'] as const;

async function replies() {
  return Promise.all(
    readers.map(async (who) => {
      const res = await invoke(enterpriseCommitments, { token: await token(who), params: { id: 'ent-1' } });
      expect({ who, status: res.status }).toEqual({ who, status: 200 });
      const parsed = api.enterpriseCommitments.response.safeParse(res.body);
      expect({ who, issues: parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')} ${i.code}`) }).toEqual({ who, issues: [] });
      return res.body as { owed?: unknown; signed: { year: number }[] };
    }),
  );
}

it('answers what the contract describes before any template, while a letter is owed, and after it is signed', async () => {
  for (const body of await replies()) expect(body).toMatchObject({ signed: [] });
  expect((await replies()).every((b) => b.owed === undefined)).toBe(true);

  const published = await publish();
  expect(published.status).toBe(200);
  const owed = await replies();
  expect(owed.every((b) => b.owed !== undefined && b.signed.length === 0)).toBe(true);

  expect((await sign('ent-1', await signBody(published.body.template))).status).toBe(200);
  const signed = await replies();
  expect(signed.map((b) => [b.owed, b.signed.length])).toEqual(readers.map(() => [undefined, 1]));
});
