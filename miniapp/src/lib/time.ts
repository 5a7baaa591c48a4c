/**
 * Dates and times as people in the district read them: Asia/Shanghai (UTC+8, no summer time),
 * whatever zone the phone is set to.
 */
import { shanghaiDate } from '@safegrid/shared';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-11-20 14:03 in Asia/Shanghai. */
export function formatTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** 2026-11-20: the day in Asia/Shanghai. */
export function formatDate(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : shanghaiDate(iso);
}

/** Today in Asia/Shanghai, YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  return shanghaiDate(now);
}

/** This month in Asia/Shanghai, YYYY-MM. */
export function thisMonth(now: Date = new Date()): string {
  return today(now).slice(0, 7);
}

/** A calendar day plus n days (YYYY-MM-DD in, YYYY-MM-DD out). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
