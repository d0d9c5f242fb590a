// Unit tests of the usage chart's arithmetic (usage-data.js has no DOM): `node --test apikey-theme/src/test/js/`,
// run by Maven in apikey-theme's test phase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartDays, quotaUse, totals, usageRange } from
  '../../main/resources/theme/api-keys/account/resources/content/api-keys/usage-data.js';

const day = (iso) => Date.parse(`${iso}T00:00:00Z`);

test('the quota bar from the quota answer', () => {
  assert.deepEqual(quotaUse({ keyId: 'k', requests: 200, period: 'DAY', used: 100 }),
    { used: 100, requests: 200, period: 'DAY', percent: 50 });
  assert.deepEqual(quotaUse({ keyId: 'k', requests: 3, period: 'MONTH', used: 3 }),
    { used: 3, requests: 3, period: 'MONTH', percent: 100 });
  assert.deepEqual(quotaUse({ keyId: 'k', requests: 3, period: 'DAY', used: 2 }).percent, 67);
  assert.equal(quotaUse({ keyId: 'k' }), null, 'no quota');
});

test('the chart asks for 30 UTC days, today included', () => {
  assert.deepEqual(usageRange(Date.parse('2026-03-02T10:00:00Z')), { from: day('2026-02-01'), to: day('2026-03-03') });
});

test('the chart has 30 days, oldest first, missing days zero', () => {
  const now = Date.parse('2026-03-02T23:59:59Z');
  const days = chartDays([{ start: day('2026-03-02'), accepted: 3, refused: 1 },
    { start: day('2026-02-01'), accepted: 2, refused: 0 }], now);

  assert.equal(days.length, 30);
  assert.deepEqual(days[0], { start: day('2026-02-01'), day: '2026-02-01', accepted: 2, refused: 0 });
  assert.deepEqual(days[29], { start: day('2026-03-02'), day: '2026-03-02', accepted: 3, refused: 1 });
  assert.deepEqual(days[15], { start: day('2026-02-16'), day: '2026-02-16', accepted: 0, refused: 0 });
  assert.deepEqual(totals(days), { accepted: 5, refused: 1 });
});
