/** Helpers for the commitment tests: a template, a real PNG signature put in the local S3 as the phone does, a signing. */
import { ulid } from 'ulid';
import { handler as createSignatureUpload } from '../src/handlers/createSignatureUpload';
import { handler as publishCommitmentTemplate } from '../src/handlers/publishCommitmentTemplate';
import { handler as signCommitment } from '../src/handlers/signCommitment';
import { signaturePng } from '../src/lib/png';
import { token } from './hazard-support';
import { fixture, invoke, postUpload } from './support';

export const templateBody = (extra: Record<string, unknown> = {}) => ({
  id: ulid(),
  baseVersion: 0,
  district: fixture.paths.D,
  colour: '黄',
  title: '工贸企业安全生产告知承诺书',
  industries: ['工贸'],
  notice: [{ kind: 'heading', text: '一、主体责任' }, { kind: 'list', items: ['你单位是安全生产的责任主体。', '建立全员安全生产责任制。'] }],
  selfCheck: [
    { id: 'q1', text: '安全出口、疏散通道畅通', basis: '《消防法》第二十八条' },
    { id: 'q2', text: '灭火器在有效期内' },
    { id: 'q3', text: '建立隐患排查治理台账' },
  ],
  commitment: [{ kind: 'paragraph', text: '本单位承诺严格履行安全生产主体责任。' }],
  ...extra,
});

export async function publish(extra: Record<string, unknown> = {}, as = 'sup-d') {
  const res = await invoke(publishCommitmentTemplate, { method: 'POST', token: await token(as), body: templateBody(extra) });
  return res;
}

/** Uploads a signature as `userId` the way the app does, and returns its key. */
export async function uploadSignature(userId: string, png = signaturePng()): Promise<string> {
  const res = await invoke(createSignatureUpload, { method: 'POST', token: await token(userId), body: { contentType: 'image/png', size: png.length } });
  expect(res.status).toBe(200);
  expect(await postUpload(res.body, png, 'signature.png')).toBe(204);
  return res.body.key;
}

export async function signBody(template: { id: string; version: number }, userId = 'owner-1', answers?: unknown[]) {
  return {
    templateId: template.id,
    templateVersion: template.version,
    answers: answers ?? [
      { itemId: 'q1', answer: 'yes' },
      { itemId: 'q2', answer: 'no', note: '两具灭火器过期，已联系更换' },
      { itemId: 'q3', answer: 'na' },
    ],
    signatureKey: await uploadSignature(userId),
    signerName: '企业主甲',
  };
}

export async function sign(enterpriseId: string, body: unknown, as = 'owner-1') {
  return invoke(signCommitment, { method: 'POST', token: await token(as), params: { id: enterpriseId }, body });
}
