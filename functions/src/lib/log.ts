import { appendFileSync } from 'node:fs';

/**
 * One structured JSON line per event; info lines are dropped from the console when
 * LOG_LEVEL=error (the tests). With SAFEGRID_LOG_FILE set (the test runs), every line, info too,
 * is also appended there, so the run's whole log can be searched for secrets afterwards.
 */
export function logLine(line: { level: 'info' | 'error'; [key: string]: unknown }): void {
  const text = JSON.stringify(line);
  if (process.env.SAFEGRID_LOG_FILE) appendFileSync(process.env.SAFEGRID_LOG_FILE, `${text}\n`);
  if (line.level === 'info' && process.env.LOG_LEVEL === 'error') return;
  (line.level === 'error' ? console.error : console.log)(text);
}
