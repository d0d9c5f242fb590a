// The arithmetic of the usage chart and the quota bar, on the usage API's day buckets. No imports and no DOM: the
// browser IT imports this module on its own to check the UTC calendar cases.

export const DAY_MILLIS = 86_400_000;
export const CHART_DAYS = 30;

/** The start of the UTC day of `millis`. */
export function utcDay(millis) {
  return Math.floor(millis / DAY_MILLIS) * DAY_MILLIS;
}

/** The start of the UTC month of `millis`. */
export function utcMonth(millis) {
  const date = new Date(millis);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/**
 * The day range to ask the usage API for: from the earlier of the chart's first day and this month's first day
 * (for a monthly quota) to the end of today, so that today's bucket is always part of it. At most 31 days.
 */
export function usageRange(now) {
  const today = utcDay(now);
  return { from: Math.min(today - (CHART_DAYS - 1) * DAY_MILLIS, utcMonth(now)), to: today + DAY_MILLIS };
}

/** The chart's days, oldest first, today last; a day the answer does not hold counts zero. */
export function chartDays(buckets, now) {
  const byStart = new Map(buckets.map((bucket) => [bucket.start, bucket]));
  const today = utcDay(now);
  return Array.from({ length: CHART_DAYS }, (_, index) => {
    const start = today - (CHART_DAYS - 1 - index) * DAY_MILLIS;
    const bucket = byStart.get(start);
    return { start, day: new Date(start).toISOString().slice(0, 10),
      accepted: bucket?.accepted ?? 0, refused: bucket?.refused ?? 0 };
  });
}

/** Accepted and refused uses of some days together. */
export function totals(days) {
  return days.reduce((sum, day) => ({ accepted: sum.accepted + day.accepted, refused: sum.refused + day.refused }),
    { accepted: 0, refused: 0 });
}

/**
 * The quota's use in its current UTC period: the accepted uses of today (`DAY`) or of this month so far
 * (`MONTH`); refusals do not use the quota. Null for a key without a quota.
 */
export function quotaUse(quota, buckets, now) {
  if (!quota?.requests || !quota.period) {
    return null;
  }
  const from = quota.period === "MONTH" ? utcMonth(now) : utcDay(now);
  const to = utcDay(now) + DAY_MILLIS;
  const used = buckets.filter((bucket) => bucket.start >= from && bucket.start < to)
    .reduce((sum, bucket) => sum + bucket.accepted, 0);
  return { used, requests: quota.requests, period: quota.period,
    percent: Math.min(100, Math.round((used * 100) / quota.requests)) };
}
