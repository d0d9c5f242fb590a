// The arithmetic of the usage chart and the quota bar, on the usage API's day buckets. No imports and no DOM, so
// Node's test runner checks the UTC calendar cases (apikey-theme/src/test/js/usage-data.test.mjs).

export const DAY_MILLIS = 86_400_000;
export const CHART_DAYS = 30;

/** The start of the UTC day of `millis`. */
export function utcDay(millis) {
  return Math.floor(millis / DAY_MILLIS) * DAY_MILLIS;
}

/** The day range to ask the usage API for: the chart's 30 UTC days, today included. */
export function usageRange(now) {
  const today = utcDay(now);
  return { from: today - (CHART_DAYS - 1) * DAY_MILLIS, to: today + DAY_MILLIS };
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
 * The quota bar's numbers from the quota API's answer (`GET .../{id}/quota`: the cluster's count of the current UTC
 * period, for the key and the keys it was rotated from); null for a key without a quota.
 */
export function quotaUse(answer) {
  if (!answer?.requests || !answer.period) {
    return null;
  }
  const used = answer.used ?? 0;
  return { used, requests: answer.requests, period: answer.period,
    percent: Math.min(100, Math.round((used * 100) / answer.requests)) };
}
