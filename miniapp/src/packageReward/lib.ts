/**
 * Rewards for hazard reports (隐患报告奖励): state colours, the queue's filters, yuan in the forms,
 * paging by the API's cursor, and the reporter's 确认收款 in WeChat.
 */
import Taro from '@tarojs/taro';
import { REWARD_STATE_LABELS, validate, type ResponseOf, type RewardState } from '@safegrid/shared';

// ---- states

/** Orange waits for a supervisor, blue for the money, green is paid, grey is closed without money. */
const STATE_COLOURS: Record<RewardState, { background: string; color: string }> = {
  proposed: { background: '#ff7d00', color: '#fff' },
  awaiting_second: { background: '#722ed1', color: '#fff' },
  approved: { background: '#1677ff', color: '#fff' },
  paying: { background: '#0fc6c2', color: '#fff' },
  failed: { background: '#f53f3f', color: '#fff' },
  paid: { background: '#00b42a', color: '#fff' },
  ineligible: { background: '#c9cdd4', color: '#1f2329' },
  rejected: { background: '#c9cdd4', color: '#1f2329' },
  reversed: { background: '#86909c', color: '#fff' },
};
export function stateColours(state: RewardState): { background: string; color: string } {
  return STATE_COLOURS[state] ?? { background: '#8f959e', color: '#fff' };
}

/** A state's label; an event's `from` may be empty (the reward was just proposed) or not a state. */
export function stateLabel(state: string): string {
  return (REWARD_STATE_LABELS as Record<string, string>)[state] ?? state;
}

/** The queue's filter chips, in the order a supervisor works through them. */
export const QUEUE_STATES: readonly RewardState[] = ['proposed', 'awaiting_second', 'approved', 'paying', 'failed', 'paid', 'ineligible', 'rejected', 'reversed'];
export const isRewardState = (s: string | undefined): s is RewardState => !!s && (QUEUE_STATES as readonly string[]).includes(s);

// ---- money in forms

/** 5000 → '50', 150050 → '1500.50': what a yuan input starts with. */
export function fenToInput(fen: number): string {
  return fen % 100 ? (fen / 100).toFixed(2) : String(fen / 100);
}

// ---- errors

/** Check a body with the route's schema before asking anything of the user (e.g. a confirm modal): the messages `call` would give. */
export function localErrors(schema: Parameters<typeof validate>[0], body: unknown): Record<string, string> {
  const result = validate(schema, body);
  return result.ok ? {} : result.fields;
}

export { usePages } from '../components/usePages';

// ---- 确认收款 (WeChat merchant transfer, user-confirmation mode)

type ReceiptResponse = ResponseOf<'rewardReceipt'>;

/** In H5 (the local demo) the server's stand-in for WeChat confirms a receipt a moment after it is asked. */
export const RECEIPT_RELOAD_MS = 1200;
export const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Transfer = (options: ReceiptResponse & { success: () => void; fail: (e: { errMsg?: string }) => void }) => unknown;

/** wx.requestMerchantTransfer (base library 3.3.0+), when this WeChat has it. */
export function merchantTransfer(): Transfer | undefined {
  const fromTaro = (Taro as unknown as { requestMerchantTransfer?: Transfer }).requestMerchantTransfer;
  if (typeof fromTaro === 'function') return fromTaro;
  const wx = (globalThis as { wx?: { requestMerchantTransfer?: Transfer } }).wx;
  return typeof wx?.requestMerchantTransfer === 'function' ? wx.requestMerchantTransfer.bind(wx) : undefined;
}

/** Open WeChat's 确认收款 page: 'ok' once confirmed, 'cancel' when the user backs out, else 'fail'. */
export function requestReceipt(transfer: Transfer, receipt: ReceiptResponse): Promise<'ok' | 'cancel' | 'fail'> {
  return new Promise((resolve) => {
    try {
      const ret = transfer({
        mchId: receipt.mchId,
        appId: receipt.appId,
        package: receipt.package,
        success: () => resolve('ok'),
        fail: (e) => resolve(/cancel/i.test(e?.errMsg ?? '') ? 'cancel' : 'fail'),
      });
      // Taro may promisify it: the callbacks above already answered.
      if (ret && typeof (ret as Promise<unknown>).catch === 'function') (ret as Promise<unknown>).catch(() => undefined);
    } catch {
      resolve('fail');
    }
  });
}
