/** One structured JSON line per event; info lines are dropped when LOG_LEVEL=error (the tests). */
export function logLine(line: { level: 'info' | 'error'; [key: string]: unknown }): void {
  if (line.level === 'info' && process.env.LOG_LEVEL === 'error') return;
  (line.level === 'error' ? console.error : console.log)(JSON.stringify(line));
}
