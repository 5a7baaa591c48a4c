/** The client's paging cursor: DynamoDB's LastEvaluatedKey, opaque (base64url JSON); a malformed one starts over. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'object' && key && !Array.isArray(key)) return key;
  } catch {
    // fall through
  }
  return undefined;
}
