/**
 * Fault injection into the DynamoDB client that deps() built: for the length of one call, an SDK
 * middleware on the client's middleware stack logs every DynamoDB call and throws a fault at the
 * k-th one (or at every call of a command), then is removed again.
 *
 * Where the fault is thrown matters, because the SDK's own retry strategy retries throttling and
 * timeouts (up to 3 attempts) but never a cancelled transaction:
 *  - 'outside' (build step, before the retry middleware wraps the call): the use case sees the
 *    error as if the SDK had given up; this is what a route must survive.
 *  - 'inside' (right after the retry middleware, just before signing and sending): the SDK's retry
 *    sees the error first. An "applied, reply lost" timeout here makes the SDK send the very same
 *    request a second time, which is how a real socket hang-up replays a write.
 *
 * Every write is also recorded with the state its items had before the call first touched them,
 * so a test can compare exactly the items a request changed instead of scanning the whole table.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { MiddlewareStack } from '@smithy/types';
import { deps } from '../src/deps';

export const FAULT_KINDS = ['throttle', 'cancel', 'timeout-before', 'timeout-after'] as const;
/**
 * throttle: ProvisionedThroughputExceededException (ThrottlingException for a transaction);
 * cancel: TransactionCanceledException with one item in TransactionConflict (transactions only);
 * timeout-before: TimeoutError, nothing applied; timeout-after: applied, then the socket hangs up.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];
export type Layer = 'outside' | 'inside';

export interface Fault {
  kind: FaultKind;
  /** The k-th DynamoDB call of the request (1-based), or every call of this command (e.g. 'TransactWriteItemsCommand'). */
  at: number | string;
  layer?: Layer;
}

type Key = Record<string, AttributeValue>;
type Input = Record<string, any>;

export interface Call {
  command: string;
  /** The items a write puts, updates or deletes (none for a read or a condition check). */
  keys: Key[];
  fault?: FaultKind;
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
const TRANSACTIONS = new Set(['TransactWriteItemsCommand', 'TransactGetItemsCommand']);

/** Whether `kind` can happen to `command` at all (only a transaction is ever cancelled). */
export const applies = (kind: FaultKind, command: string) => kind !== 'cancel' || TRANSACTIONS.has(command);

function keysOf(command: string, input: Input): Key[] {
  const key = (item: Record<string, AttributeValue>): Key => ({ pk: item.pk!, sk: item.sk! });
  if (command === 'PutItemCommand') return [key(input.Item)];
  if (command === 'UpdateItemCommand' || command === 'DeleteItemCommand') return [key(input.Key)];
  if (command === 'TransactWriteItemsCommand')
    return (input.TransactItems as Input[]).flatMap((t) => (t.Put ? [key(t.Put.Item)] : t.Update ? [key(t.Update.Key)] : t.Delete ? [key(t.Delete.Key)] : []));
  if (command === 'BatchWriteItemCommand')
    return Object.values(input.RequestItems as Record<string, Input[]>).flatMap((rs) => rs.map((r) => key(r.PutRequest ? r.PutRequest.Item : r.DeleteRequest.Key)));
  return [];
}

function error(kind: FaultKind, command: string, input: Input): Error {
  const $metadata = { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 };
  switch (kind) {
    case 'throttle':
      return TRANSACTIONS.has(command)
        ? Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ThrottlingException', $fault: 'client', $metadata })
        : Object.assign(new Error('The level of configured provisioned throughput for the table was exceeded.'), {
            name: 'ProvisionedThroughputExceededException',
            $fault: 'client',
            $metadata,
          });
    case 'cancel': {
      const n = (input.TransactItems as unknown[] | undefined)?.length ?? 1;
      const CancellationReasons = Array.from({ length: n }, (_, i) => ({ Code: i === n - 1 ? 'TransactionConflict' : 'None' }));
      return Object.assign(new Error('Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]'), {
        name: 'TransactionCanceledException',
        $fault: 'client',
        $metadata,
        CancellationReasons,
      });
    }
    case 'timeout-before':
      return Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' });
    case 'timeout-after':
      return Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' });
  }
}

/** Reads past the middleware (never counted or faulted), one client for the file. */
let reader: DynamoDBClient | undefined;
function readItem(k: Key) {
  const { config } = deps();
  reader ??= new DynamoDBClient({ region: config.region, endpoint: config.dynamodbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return reader.send(new GetItemCommand({ TableName: config.tableName, Key: k, ConsistentRead: true })).then((r) => r.Item);
}

/** The table's items as they stood before a request first wrote them. */
export class Touched {
  readonly before = new Map<string, Record<string, AttributeValue> | undefined>();
  private readonly keys = new Map<string, Key>();

  static id = (k: Key) => `${k.pk!.S}\u0000${k.sk!.S}`;

  async remember(keys: Key[]) {
    const fresh = keys.filter((k) => !this.keys.has(Touched.id(k)));
    for (const k of fresh) this.keys.set(Touched.id(k), k);
    const items = await Promise.all(fresh.map(readItem));
    fresh.forEach((k, i) => this.before.set(Touched.id(k), items[i]));
  }

  /** Every remembered item as it stands now, by key. */
  async now(): Promise<Map<string, Record<string, AttributeValue> | undefined>> {
    const ids = [...this.keys.keys()];
    const items = await Promise.all(ids.map((id) => readItem(this.keys.get(id)!)));
    return new Map(ids.map((id, i) => [id, items[i]]));
  }
}

/** Closes the reading client (afterAll). */
export function closeFaults() {
  reader?.destroy();
  reader = undefined;
}

/** How many faults were thrown, over the whole test file. */
export const injected = { count: 0 };

/**
 * Runs `run` with every DynamoDB call logged and `fault` (if any) thrown once at its call (or at
 * every call of its command); `touched` learns each written item's state before the first write.
 */
export async function withFaults<T>(fault: Fault | undefined, touched: Touched | undefined, run: () => Promise<T>): Promise<{ result: T; calls: Call[] }> {
  const stack = deps().db.table.getDocumentClient().middlewareStack as unknown as MiddlewareStack<any, any>;
  const calls: Call[] = [];
  const layer = fault?.layer ?? 'outside';
  // One entry per call the use case makes: the inside layer sees each SDK attempt, so it keys on the first attempt only.
  const seen = new WeakSet<object>();
  let thrown = false;
  const middleware =
    (next: (args: any) => Promise<any>, context: { commandName?: string }) =>
    async (args: { input: Input; request?: object }) => {
      const command = context.commandName ?? '?';
      const first = !seen.has(args.input);
      seen.add(args.input);
      if (first) calls.push({ command, keys: WRITES.has(command) ? keysOf(command, args.input) : [] });
      const call = calls[calls.length - 1]!;
      if (touched) await touched.remember(call.keys);
      const hit =
        fault !== undefined &&
        first &&
        applies(fault.kind, command) &&
        (typeof fault.at === 'number' ? calls.length === fault.at && !thrown : fault.at === command);
      if (!hit) return next(args);
      thrown = true;
      injected.count++;
      call.fault = fault.kind;
      if (fault.kind === 'timeout-after') await next(args);
      throw error(fault.kind, command, args.input);
    };
  const name = 'safegridFaults';
  if (layer === 'outside') stack.add(middleware as never, { step: 'build', name, override: true });
  else stack.addRelativeTo(middleware as never, { relation: 'after', toMiddleware: 'retryMiddleware', name, override: true });
  try {
    return { result: await run(), calls };
  } finally {
    stack.remove(name);
  }
}
