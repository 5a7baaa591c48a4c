/**
 * Commitment letters through the real handlers against DynamoDB Local and the local S3: owing,
 * signing once, the hash that catches any edit, the PDF, reminders and rates.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { api, commitmentYear, letterNumber, parseLetterCode, shanghaiDate } from '@safegrid/shared';
import { handler as commitmentPdf } from '../src/handlers/commitmentPdf';
import { handler as commitmentRates } from '../src/handlers/commitmentRates';
import { handler as enterpriseCommitments } from '../src/handlers/enterpriseCommitments';
import { handler as getCommitment } from '../src/handlers/getCommitment';
import { handler as hazardQueue } from '../src/handlers/hazardQueue';
import { handler as remindCommitment } from '../src/handlers/remindCommitment';
import { handler as unsignedCommitments } from '../src/handlers/unsignedCommitments';
import { handler as verifyCommitment } from '../src/handlers/verifyCommitment';
import { deps } from '../src/deps';
import {
  commitmentPdf as commitmentPdfOf,
  commitmentRates as commitmentRatesOf,
  enterpriseCommitments as enterpriseCommitmentsOf,
  unsignedCommitments as unsignedCommitmentsOf,
} from '../src/usecases/commitments';
import { dynamoClient } from '../../scripts/local/services';
import { publish, sign, signBody, uploadSignature } from './commitment-support';
import { S1, S2, token } from './hazard-support';
import { expectNothingWritten, invoke, setupTable, wechat } from './support';
import { subscribe } from './notice-support';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';

let template: { id: string; version: number };
beforeAll(async () => {
  await setupTable();
  const res = await publish();
  expect(res.status).toBe(200);
  template = res.body.template;
});

const owed = async (as: string, id = 'ent-1') => (await invoke(enterpriseCommitments, { token: await token(as), params: { id } })).body;

describe('publishing templates', () => {
  it('is for the district’s own officials, one template per industry', async () => {
    expect((await expectNothingWritten(() => publish({}, 'sup-s1'))).status).toBe(403);
    const overlap = await expectNothingWritten(() => publish({ title: '另一份', industries: ['商贸', '工贸'] }));
    expect(overlap.status).toBe(400);
    expect(overlap.body.error.fields['industries.1']).toMatch(/已由/);
    const bad = await expectNothingWritten(() => publish({ selfCheck: [], colour: '紫' }));
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['colour', 'selfCheck']);
  });
});

describe('signing', () => {
  let key = '';
  it('is owed by the enterprise, and only its owner may sign', async () => {
    const mine = await owed('owner-1');
    expect(mine).toMatchObject({ year: expect.any(Number), owed: { id: template.id, version: 1 }, signed: [], canSign: true });
    expect((await owed('gw-1')).canSign).toBe(false);
    for (const [who, status] of [
      ['worker-1', 403],
      ['gw-1', 403],
      ['owner-3', 404],
    ] as const) {
      const body = await signBody(template, 'owner-1');
      const res = await expectNothingWritten(() => sign('ent-1', body, who));
      expect({ who, status: res.status }).toEqual({ who, status });
    }
  });

  it('refuses incomplete answers, a 不符合 without a note and a signature that is not the signer’s', async () => {
    // Bodies are made (their signatures uploaded, which counts against the upload cap) before the snapshot.
    const missingBody = await signBody(template, 'owner-1', [{ itemId: 'q1', answer: 'yes' }]);
    const missing = await expectNothingWritten(() => sign('ent-1', missingBody));
    expect(missing.body.error.fields.answers).toMatch(/未作答/);
    const noNoteBody = await signBody(template, 'owner-1', [{ itemId: 'q1', answer: 'no' }, { itemId: 'q2', answer: 'yes' }, { itemId: 'q3', answer: 'yes' }]);
    const noNote = await expectNothingWritten(() => sign('ent-1', noNoteBody));
    expect(noNote.body.error.fields['answers.0.note']).toBeDefined();
    const othersBody = { ...(await signBody(template)), signatureKey: await uploadSignature('owner-3') };
    const others = await expectNothingWritten(() => sign('ent-1', othersBody));
    expect(others.body.error.fields.signatureKey).toMatch(/签名/);
    const staleBody = { ...(await signBody(template)), templateVersion: 2 };
    const stale = await expectNothingWritten(() => sign('ent-1', staleBody));
    expect(stale.status).toBe(409);
  });

  it('records the signature once, whatever the retries; a 不符合 item becomes a hazard', async () => {
    const body = await signBody(template);
    const results = await Promise.all(Array.from({ length: 10 }, () => sign('ent-1', body)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const record = results[0]!.body.record;
    expect(new Set(results.map((r) => r.body.record.hash)).size).toBe(1);
    expect(record).toMatchObject({ enterpriseName: '测试企业1', signerName: '企业主甲', templateVersion: 1, hazardIds: [expect.any(String)] });
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    key = record.key;

    const againBody = await signBody(template);
    const again = await expectNothingWritten(() => sign('ent-1', againBody));
    expect(again.status).toBe(409);
    const after = await owed('owner-1');
    expect(after.owed).toBeUndefined();
    expect(after.signed).toHaveLength(1);

    const triage = (await invoke(hazardQueue, { token: await token('gw-1') })).body.groups.find((g: any) => g.kind === 'triage').hazards;
    expect(triage).toContainEqual(expect.objectContaining({ id: record.hazardIds[0], source: 'self_check', sourceLabel: '企业自查', enterpriseId: 'ent-1' }));
  });

  it('verifies, and catches a record edited directly in DynamoDB', async () => {
    const verify = async () => (await invoke(verifyCommitment, { token: await token('sup-s1'), params: { id: 'ent-1', key } })).body;
    expect(await verify()).toMatchObject({ valid: true });
    const client = dynamoClient(process.env.DYNAMODB_ENDPOINT!);
    const edit = async (expression: string, value: string) =>
      client.send(
        new UpdateItemCommand({
          TableName: process.env.TABLE_NAME!,
          Key: { pk: { S: 'COMMIT#ent-1' }, sk: { S: `SIGNED#${key}` } },
          UpdateExpression: `SET ${expression} = :v`,
          ExpressionAttributeValues: { ':v': { S: value } },
        }),
      );
    const original = (await invoke(getCommitment, { token: await token('owner-1'), params: { id: 'ent-1', key } })).body.record;
    await edit('content.answers[1].note', '两具灭火器过期，已联系更换。');
    expect(await verify()).toMatchObject({ valid: false });
    await edit('content.answers[1].note', original.answers[1].note);
    expect(await verify()).toMatchObject({ valid: true });
    const png = Buffer.from(original.signaturePng, 'base64');
    png.writeUInt8(png.readUInt8(png.length - 20) ^ 1, png.length - 20);
    await edit('content.signaturePng', png.toString('base64'));
    expect(await verify()).toMatchObject({ valid: false });
    await edit('content.signaturePng', original.signaturePng);
    expect(await verify()).toMatchObject({ valid: true });
    client.destroy();
  });

  it('lets anyone, not signed in, check a letter by its QR code or number: only validity, enterprise, year and day (issue #21)', async () => {
    const record = (await invoke(getCommitment, { token: await token('owner-1'), params: { id: 'ent-1', key } })).body.record;
    const qr = parseLetterCode(`safegrid:commitment:ent-1:${key}:${record.hash}`)!;
    expect(qr).toEqual({ id: 'ent-1', key, hash: record.hash });
    const typed = parseLetterCode(` ${letterNumber('ent-1', key).toLowerCase()} `)!;
    expect(typed).toEqual({ id: 'ent-1', key });
    const check = (params: Record<string, string>, query: Record<string, string> = {}, t?: string) => expectNothingWritten(() => invoke(verifyCommitment, { params, query, ...(t ? { token: t } : {}) }));

    const valid = await check({ id: qr.id, key: qr.key }, { hash: qr.hash! });
    expect(valid.status).toBe(200);
    expect(valid.body).toEqual({ valid: true, hash: record.hash, computed: record.hash, enterpriseName: '测试企业1', year: record.year, signedOn: shanghaiDate(record.signedAt) });
    const text = JSON.stringify(valid.body);
    for (const secret of ['企业主甲', 'owner-1', 'signerName', 'signature', record.signaturePng.slice(0, 40)]) expect(text).not.toContain(secret);
    // A stranger signed in (another enterprise's owner) gets the same, and no more.
    expect((await check({ id: 'ent-1', key }, {}, await token('owner-3'))).body).toEqual(valid.body);
    // A QR code printed from another version of the record: not this letter.
    expect((await check({ id: 'ent-1', key }, { hash: 'f'.repeat(64) })).body).toMatchObject({ valid: false, enterpriseName: '测试企业1' });

    const unknown = await check({ id: 'ent-2', key });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('未找到该承诺书，请核对编号或重新扫码');
    const malformed = await check({ id: 'ent-1', key: 'not-a-number' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields.key).toMatch(/承诺书编号不正确/);
    const badHash = await check({ id: 'ent-1', key }, { hash: 'xyz' });
    expect(badHash.status).toBe(400);
    expect(badHash.body.error.fields.hash).toMatch(/校验码/);
  });

  it('has no route that edits or deletes a signed letter', () => {
    const routes = Object.values(api).filter((r) => r.path.includes('commitments/{key}'));
    expect(routes.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('prints the signed letter as a PDF whose text names the enterprise', async () => {
    const res = await invoke(commitmentPdf, { token: await token('owner-1'), params: { id: 'ent-1', key } });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await (await fetch(res.body.url)).arrayBuffer());
    const dir = join(__dirname, '..', '..', 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'commitment.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('测试企业1');
    expect(text).toContain('工贸企业安全生产告知承诺书');
    expect(text.replace(/\s/g, '')).toContain('两具灭火器过期，已联系更换');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBe(2);
    execFileSync('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '1', file, join(dir, 'commitment')]);
  });

  it('owes again for a new template version, and again next year', async () => {
    const v2 = await publish({ id: template.id, baseVersion: 1, title: '工贸企业安全生产告知承诺书（2026修订）' });
    expect(v2.body.template.version).toBe(2);
    expect((await owed('owner-1')).owed).toMatchObject({ id: template.id, version: 2 });
    const stale = await expectNothingWritten(() => publish({ id: template.id, baseVersion: 1 }));
    expect(stale.status).toBe(409);
    const signed = await sign('ent-1', await signBody({ id: template.id, version: 2 }));
    expect(signed.status).toBe(200);
    expect((await owed('owner-1')).owed).toBeUndefined();

    // A year on (the token would have expired: ask the use case directly).
    const later = { ...deps(), clock: { now: () => new Date(Date.now() + 366 * 86_400_000) } };
    const nextYear = await enterpriseCommitmentsOf(later, { userId: 'owner-1', grants: [{ role: 'enterprise_owner', enterpriseId: 'ent-1' }] }, 'ent-1');
    expect(nextYear.owed).toMatchObject({ version: 2 });
    expect(nextYear.year).toBe(commitmentYear(new Date()) + 1);
  });
});

describe('following up', () => {
  it('lists who has not signed, reminds them once a day, and counts the rates', async () => {
    const unsigned = await invoke(unsignedCommitments, { token: await token('gw-1') });
    expect(unsigned.body.enterprises.map((e: any) => e.id)).toEqual(['ent-2']);
    wechat.sent.length = 0;
    // ent-1's owner accepted the reminder message in the app (notices.test.ts for who can be reached).
    await subscribe('owner-1', ['commitmentDue']);
    const first = await invoke(remindCommitment, { method: 'POST', token: await token('gw-1'), params: { id: 'ent-1' } });
    expect(first.body).toMatchObject({ delivered: true, sent: 1, message: expect.stringMatching(/^已提醒/) });
    expect(wechat.sent).toEqual([expect.objectContaining({ openid: 'local-openid-owner-1', templateId: 'local-commitment-due' })]);
    const second = await expectNothingWritten(async () => invoke(remindCommitment, { method: 'POST', token: await token('gw-1'), params: { id: 'ent-1' } }));
    expect(second.status).toBe(429);
    expect((await invoke(remindCommitment, { method: 'POST', token: await token('gw-1'), params: { id: 'ent-3' } })).status).toBe(404);

    // A reminder that reaches nobody (ent-2 has no owner account yet) says so and is not 已提醒.
    const unreached = await expectNothingWritten(async () => invoke(remindCommitment, { method: 'POST', token: await token('gw-1'), params: { id: 'ent-2' } }));
    expect(unreached.body).toEqual({ delivered: false, sent: 0, message: expect.stringMatching(/^未能送达：该企业还没有负责人账号/) });
    expect((await invoke(unsignedCommitments, { token: await token('gw-1') })).body.enterprises[0].remindedAt).toBeUndefined();

    // The list says when each was last reminded.
    await deps()
      .db.users.build(PutItemCommand)
      .item({ id: 'owner-2', name: '企业主乙', grants: [{ role: 'enterprise_owner', enterpriseId: 'ent-2' }], homeArea: `${S1}/c1/g1/m1`, openid: 'local-openid-owner-2' })
      .send();
    await subscribe('owner-2', ['commitmentDue']);
    const reminded = await invoke(remindCommitment, { method: 'POST', token: await token('gw-1'), params: { id: 'ent-2' } });
    expect(reminded.body.delivered).toBe(true);
    const after = await invoke(unsignedCommitments, { token: await token('gw-1') });
    expect(after.body.enterprises).toEqual([expect.objectContaining({ id: 'ent-2', remindedAt: reminded.body.remindedAt })]);

    const rates = await invoke(commitmentRates, { token: await token('sup-s1'), query: { area: S1 } });
    expect(rates.body).toMatchObject({ area: S1, areaName: '一街道' });
    expect(rates.body.areas).toEqual([{ area: `${S1}/c1`, areaName: '一社区', total: 2, signed: 1 }]);
    expect(rates.body.industries).toEqual([{ industry: '工贸', total: 2, signed: 1 }]);
  });

  it('counts every area the caller follows when none is named', async () => {
    // A supervisor of both streets: the two streets side by side, and both streets' unsigned.
    const both = { userId: 'sup-s1', grants: [{ role: 'supervisor' as const, area: S1 }, { role: 'supervisor' as const, area: S2 }] };
    const rates = await commitmentRatesOf(deps(), both, undefined);
    expect(rates.area).toBeUndefined();
    expect(rates.areas).toEqual([
      { area: S1, areaName: '一街道', total: 2, signed: 1 },
      { area: S2, areaName: '二街道', total: 1, signed: 0 },
    ]);
    expect((await unsignedCommitmentsOf(deps(), both, undefined)).enterprises.map((e) => e.id).sort()).toEqual(['ent-2', 'ent-3']);
    // A named area outside the caller's is refused.
    expect((await invoke(commitmentRates, { token: await token('sup-s1'), query: { area: S2 } })).status).toBe(403);
  });

  it('renders the signed PDF once and serves the kept file after', async () => {
    const puts: string[] = [];
    const base = deps();
    // The real storage, with its writes counted.
    const storage: typeof base.storage = Object.assign(Object.create(base.storage), {
      putBuffer: (k: string, b: Buffer, t: string) => (puts.push(k), base.storage.putBuffer(k, b, t)),
    });
    const counting = { ...base, storage };
    const owner = { userId: 'owner-1', grants: [{ role: 'enterprise_owner' as const, enterpriseId: 'ent-1' }] };
    const [record] = (await enterpriseCommitmentsOf(base, owner, 'ent-1')).signed;
    const first = await commitmentPdfOf(counting, owner, 'ent-1', record!.key);
    const rendered = puts.length;
    expect(rendered).toBeLessThanOrEqual(1); // none when an earlier test already opened it
    const second = await commitmentPdfOf(counting, owner, 'ent-1', record!.key);
    expect(puts).toHaveLength(rendered);
    const bytes = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());
    expect((await bytes(second.url)).equals(await bytes(first.url))).toBe(true);
  });
});
