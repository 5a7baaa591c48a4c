/**
 * WeChat Pay's merchant transfer to a user's balance (商家转账, API v3). A transfer is named by our
 * bill number (`out_bill_no`): asking again with the same number never pays twice, it answers the
 * transfer that exists. The result comes back as a signed, encrypted notice, or by asking.
 *
 * The real channel speaks to api.mch.weixin.qq.com; the local one keeps transfers in memory and
 * behaves like it (pending, waiting for the user to confirm, success, failure, a notice per
 * outcome), with faults a test can ask for. Both read notices with the same code, each with its
 * own keys.
 */
import { type KeyObject, createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Config } from '../config';

export type TransferState = 'pending' | 'wait_confirm' | 'success' | 'failed';

export interface Transfer {
  outBillNo: string;
  state: TransferState;
  billNo?: string;
  failReason?: string;
  /** For wx.requestMerchantTransfer while the user must confirm. */
  packageInfo?: string;
}

/** The channel did not answer, or answered something we cannot read: the outcome is unknown. */
export class PaymentUnknown extends Error {}

export interface PaymentChannel {
  /** Starts the transfer, or answers the existing one with this bill number. */
  transfer(t: { outBillNo: string; openid: string; amountFen: number; remark: string }): Promise<Transfer>;
  /** The transfer with this bill number; undefined when the channel has none. */
  query(outBillNo: string): Promise<Transfer | undefined>;
  /** A result notice, verified and decrypted; undefined when it is not genuine. */
  readNotice(headers: Record<string, string | undefined>, rawBody: string): Transfer | undefined;
  /** What wx.requestMerchantTransfer needs for the user to confirm receipt. */
  receipt(outBillNo: string): Promise<{ mchId: string; appId: string; package: string }>;
}

const STATES: Record<string, TransferState> = {
  ACCEPTED: 'pending',
  PROCESSING: 'pending',
  TRANSFERING: 'pending',
  CANCELING: 'pending',
  WAIT_USER_CONFIRM: 'wait_confirm',
  SUCCESS: 'success',
  FAIL: 'failed',
  CANCELLED: 'failed',
};

interface Bill {
  out_bill_no: string;
  transfer_bill_no?: string;
  state: string;
  fail_reason?: string;
  package_info?: string;
}

function transferOf(b: Bill): Transfer {
  const state = STATES[b.state];
  if (!state) throw new PaymentUnknown(`unknown transfer state ${b.state}`);
  return {
    outBillNo: b.out_bill_no,
    state,
    ...(b.transfer_bill_no ? { billNo: b.transfer_bill_no } : {}),
    ...(b.fail_reason ? { failReason: b.fail_reason } : {}),
    ...(b.package_info ? { packageInfo: b.package_info } : {}),
  };
}

/** A notice as WeChat Pay sends it: RSA-SHA256 over timestamp, nonce and body; the bill AES-256-GCM inside. */
export function readSignedNotice(keys: { platformPublicKey: KeyObject; apiV3Key: string }, headers: Record<string, string | undefined>, rawBody: string): Transfer | undefined {
  const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const [timestamp, nonce, signature] = [h['wechatpay-timestamp'], h['wechatpay-nonce'], h['wechatpay-signature']];
  if (!timestamp || !nonce || !signature) return undefined;
  const verified = createVerify('RSA-SHA256').update(`${timestamp}\n${nonce}\n${rawBody}\n`).verify(keys.platformPublicKey, signature, 'base64');
  if (!verified) return undefined;
  try {
    const { resource } = JSON.parse(rawBody) as { resource: { ciphertext: string; nonce: string; associated_data?: string } };
    const data = Buffer.from(resource.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(keys.apiV3Key), Buffer.from(resource.nonce));
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.setAAD(Buffer.from(resource.associated_data ?? ''));
    const plain = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
    return transferOf(JSON.parse(plain) as Bill);
  } catch {
    return undefined;
  }
}

export interface WechatPayConfig {
  mchId: string;
  appId: string;
  /** The merchant certificate's serial number and private key (PEM). */
  serialNo: string;
  privateKey: string;
  apiV3Key: string;
  /** WeChat Pay's public key (PEM), for notices. */
  platformPublicKey: string;
  notifyUrl: string;
  /** 转账场景 id as approved for the merchant. */
  sceneId: string;
}

export class WechatPayChannel implements PaymentChannel {
  private readonly privateKey: KeyObject;
  private readonly platformPublicKey: KeyObject;
  constructor(
    private readonly c: WechatPayConfig,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly base = 'https://api.mch.weixin.qq.com',
  ) {
    this.privateKey = createPrivateKey(c.privateKey);
    this.platformPublicKey = createPublicKey(c.platformPublicKey);
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; data: Record<string, unknown> }> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const text = body === undefined ? '' : JSON.stringify(body);
    const signature = createSign('RSA-SHA256').update(`${method}\n${path}\n${timestamp}\n${nonce}\n${text}\n`).sign(this.privateKey, 'base64');
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers: {
          Authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${this.c.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${this.c.serialNo}"`,
          Accept: 'application/json',
          'Content-Type': 'application/json',
        },
        ...(body === undefined ? {} : { body: text }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new PaymentUnknown(`WeChat Pay did not answer: ${(error as Error).message}`);
    }
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: res.status, data };
  }

  async transfer(t: { outBillNo: string; openid: string; amountFen: number; remark: string }): Promise<Transfer> {
    const res = await this.call('POST', '/v3/fund-app/mch-transfer/transfer-bills', {
      appid: this.c.appId,
      out_bill_no: t.outBillNo,
      transfer_scene_id: this.c.sceneId,
      openid: t.openid,
      transfer_amount: t.amountFen,
      transfer_remark: t.remark,
      notify_url: this.c.notifyUrl,
      transfer_scene_report_infos: [{ info_type: '奖励说明', info_content: t.remark }],
    });
    if (res.status === 200) return transferOf(res.data as unknown as Bill);
    // The bill exists already (a retry): answer it as it stands.
    if (res.data.code === 'ALREADY_EXISTS' || res.status >= 500) {
      const found = await this.query(t.outBillNo);
      if (found) return found;
    }
    if (res.status >= 400 && res.status < 500) return { outBillNo: t.outBillNo, state: 'failed', failReason: String(res.data.message ?? res.data.code ?? res.status) };
    throw new PaymentUnknown(`WeChat Pay answered ${res.status}`);
  }

  async query(outBillNo: string): Promise<Transfer | undefined> {
    const res = await this.call('GET', `/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${encodeURIComponent(outBillNo)}`);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new PaymentUnknown(`WeChat Pay answered ${res.status}`);
    return transferOf(res.data as unknown as Bill);
  }

  readNotice(headers: Record<string, string | undefined>, rawBody: string): Transfer | undefined {
    return readSignedNotice({ platformPublicKey: this.platformPublicKey, apiV3Key: this.c.apiV3Key }, headers, rawBody);
  }

  async receipt(outBillNo: string) {
    const t = await this.query(outBillNo);
    if (!t?.packageInfo) throw new PaymentUnknown('no package for this transfer');
    return { mchId: this.c.mchId, appId: this.c.appId, package: t.packageInfo };
  }
}

type Fault = 'timeout' | 'error';
interface LocalTransfer extends Transfer {
  openid: string;
  amountFen: number;
}

/**
 * The local channel. Transfers wait for the user to confirm (as WeChat's do for most scenes);
 * `receipt` plays the user confirming in WeChat. A test can make the next calls time out after
 * the transfer was made (`faults`), make transfers fail (`outcome`), and read the notices that
 * would have been sent (`notices`), each signed and encrypted as WeChat Pay's are.
 */
export class LocalPaymentChannel implements PaymentChannel {
  readonly transfers = new Map<string, LocalTransfer>();
  readonly calls: { outBillNo: string; amountFen: number }[] = [];
  readonly notices: { headers: Record<string, string>; body: string }[] = [];
  faults: Fault[] = [];
  outcome: 'confirm' | 'success' | 'fail' = 'confirm';
  // Made on first use: a local Lambda that never pays does not pay for the key either.
  private madeKeys?: { publicKey: KeyObject; privateKey: KeyObject };
  private get keys() {
    return (this.madeKeys ??= generateKeyPairSync('rsa', { modulusLength: 2048 }));
  }
  private readonly apiV3Key = randomBytes(16).toString('hex');

  /** `error`: the request never reached the channel; `timeout`: it did, and the answer was lost. */
  private fault(f = this.faults.shift()): void {
    if (f === 'timeout') throw new PaymentUnknown('local channel: timed out');
    if (f === 'error') throw new PaymentUnknown('local channel: 500');
  }

  private settle(t: LocalTransfer, state: 'success' | 'failed', failReason?: string): void {
    t.state = state;
    if (failReason) t.failReason = failReason;
    delete t.packageInfo;
    this.notices.push(this.notice(t));
  }

  /** A notice of the transfer as it stands, the way WeChat Pay would send it. */
  notice(t: Transfer): { headers: Record<string, string>; body: string } {
    const nonce = randomBytes(6).toString('hex');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(this.apiV3Key), Buffer.from(nonce));
    cipher.setAAD(Buffer.from('mch_payment'));
    const bill: Bill = { out_bill_no: t.outBillNo, state: t.state === 'success' ? 'SUCCESS' : t.state === 'failed' ? 'FAIL' : 'PROCESSING', ...(t.billNo ? { transfer_bill_no: t.billNo } : {}), ...(t.failReason ? { fail_reason: t.failReason } : {}) };
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(bill)), cipher.final(), cipher.getAuthTag()]).toString('base64');
    const body = JSON.stringify({ id: randomBytes(8).toString('hex'), event_type: 'MCHTRANSFER.BILL.FINISHED', resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce, associated_data: 'mch_payment' } });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const sigNonce = randomBytes(8).toString('hex');
    const signature = createSign('RSA-SHA256').update(`${timestamp}\n${sigNonce}\n${body}\n`).sign(this.keys.privateKey, 'base64');
    return { headers: { 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': sigNonce, 'wechatpay-signature': signature, 'wechatpay-serial': 'LOCAL' }, body };
  }

  async transfer(t: { outBillNo: string; openid: string; amountFen: number; remark: string }): Promise<Transfer> {
    const f = this.faults.shift();
    if (f === 'error') this.fault(f);
    this.calls.push({ outBillNo: t.outBillNo, amountFen: t.amountFen });
    let existing = this.transfers.get(t.outBillNo);
    if (existing && (existing.amountFen !== t.amountFen || existing.openid !== t.openid)) {
      return { outBillNo: t.outBillNo, state: 'failed', failReason: '商户单号重复但金额或收款人不同' };
    }
    if (!existing) {
      existing = { outBillNo: t.outBillNo, openid: t.openid, amountFen: t.amountFen, state: 'pending', billNo: `LOCAL${this.transfers.size + 1}` };
      this.transfers.set(t.outBillNo, existing);
      if (this.outcome === 'fail') this.settle(existing, 'failed', '收款用户账户异常');
      else if (this.outcome === 'success') this.settle(existing, 'success');
      else Object.assign(existing, { state: 'wait_confirm', packageInfo: `local-package-${t.outBillNo}` });
    }
    // The transfer is made; only the answer may be lost.
    this.fault(f);
    return this.view(existing);
  }

  async query(outBillNo: string): Promise<Transfer | undefined> {
    this.fault();
    const t = this.transfers.get(outBillNo);
    return t ? this.view(t) : undefined;
  }

  readNotice(headers: Record<string, string | undefined>, rawBody: string): Transfer | undefined {
    return readSignedNotice({ platformPublicKey: this.keys.publicKey, apiV3Key: this.apiV3Key }, headers, rawBody);
  }

  /** The user confirms receipt in WeChat: the money moves, and WeChat Pay sends the notice. */
  async receipt(outBillNo: string) {
    const t = this.transfers.get(outBillNo);
    if (!t || t.state !== 'wait_confirm') throw new PaymentUnknown('no transfer waiting for the user');
    const pkg = t.packageInfo!;
    this.settle(t, 'success');
    return { mchId: 'local-mch', appId: 'local-app', package: pkg };
  }

  private view(t: LocalTransfer): Transfer {
    const { openid: _o, amountFen: _a, ...rest } = t;
    return { ...rest };
  }
}

export function makePaymentChannel(config: Config): PaymentChannel {
  const p = config.payments;
  return p.mode === 'real' ? new WechatPayChannel(p) : new LocalPaymentChannel();
}
