/**
 * The test runs' logs, searched for secrets: jest's globalSetup points SAFEGRID_LOG_FILE at a
 * fresh file (the workers inherit it; `logLine` and the local stack's API output append to it),
 * and globalTeardown reads every line back and fails the run on a token, a full phone number, an
 * ID-card number or a WeChat openid.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * What must never reach a log line. Phone and ID numbers count only where no letter or digit
 * touches them: request ids (UUIDs, ULIDs) hold long digit runs between letters.
 */
export const SECRET_PATTERNS: { kind: string; pattern: RegExp }[] = [
  { kind: '令牌 (JWT)', pattern: /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./ },
  { kind: '令牌 (Bearer)', pattern: /Bearer\s+[A-Za-z0-9._~+/-]{16,}/i },
  { kind: '手机号', pattern: /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/ },
  { kind: '身份证号', pattern: /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/ },
  // Real openids are 28 characters starting with o; the local stand-in's start with local-openid-.
  { kind: '微信 openid', pattern: /local-openid-|(?<![A-Za-z0-9_-])o[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])/ },
  { kind: '微信 session_key', pattern: /session_?key/i },
];

export interface Leak {
  lineNo: number;
  kind: string;
  line: string;
}

export function findSecrets(lines: readonly string[]): Leak[] {
  const leaks: Leak[] = [];
  lines.forEach((line, i) => {
    for (const { kind, pattern } of SECRET_PATTERNS) if (pattern.test(line)) leaks.push({ lineNo: i + 1, kind, line });
  });
  return leaks;
}

type Capture = { file?: string; checked?: boolean };
const capture = (): Capture => ((globalThis as { __logCapture?: Capture }).__logCapture ??= {});

/** globalSetup: one file for the whole run, even when several projects each ask for it. */
export function startLogCapture(): void {
  const c = capture();
  if (c.file) return;
  c.file = join(mkdtempSync(join(tmpdir(), 'safegrid-logs-')), 'run.jsonl');
  writeFileSync(c.file, '');
  process.env.SAFEGRID_LOG_FILE = c.file;
}

/** globalTeardown: throws (so jest exits 1) listing every line that holds a secret. */
export function checkLogCapture(): void {
  const c = capture();
  if (!c.file || c.checked) return;
  c.checked = true;
  const lines = readFileSync(c.file, 'utf8').split('\n').filter((l) => l.trim());
  const leaks = findSecrets(lines);
  if (leaks.length) {
    const shown = leaks.slice(0, 30).map((l) => `  ${l.kind} @ line ${l.lineNo}: ${l.line.slice(0, 400)}`);
    throw new Error(
      `log check: ${leaks.length} secret(s) in ${lines.length} log lines of this run (kept in ${c.file}):\n${shown.join('\n')}` +
        (leaks.length > shown.length ? `\n  … and ${leaks.length - shown.length} more` : ''),
    );
  }
  process.stdout.write(`log check: checked ${lines.length} log lines, 0 secrets\n`);
  rmSync(dirname(c.file), { recursive: true, force: true });
}
