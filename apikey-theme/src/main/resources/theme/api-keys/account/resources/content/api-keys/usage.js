// A key's usage: its last 30 UTC days as a bar chart (accepted, refused stacked on top) and its quota's current use.
import { useEffect, useState } from "react";
import { environment, t } from "./console.js";
import { chartDays, quotaUse, totals, usageRange } from "./usage-data.js";
import { Alert, h } from "./ui.js";

const numberFormat = new Intl.NumberFormat(environment.locale || undefined);
const number = (value) => numberFormat.format(value);

function dayLabel(day) {
  return t("apiKeysUsageDay", day.day, number(day.accepted), number(day.refused));
}

/** One bar per day, as high as the busiest day; each bar names its day and numbers for screen readers and on hover. */
function UsageChart({ days }) {
  const highest = Math.max(1, ...days.map((day) => day.accepted + day.refused));
  const height = (count) => `${(count * 100) / highest}%`;
  return h("div", null,
    h("div", { className: "apikeys-chart", role: "list", "aria-label": t("apiKeysUsageChart"), "data-testid": "usage-chart" },
      days.map((day) => h("div", { key: day.start, className: "apikeys-chart__day", role: "listitem", title: dayLabel(day),
        "aria-label": dayLabel(day), "data-testid": "usage-day", "data-day": day.day },
      h("div", { className: "apikeys-chart__refused", style: { height: height(day.refused) } }),
      h("div", { className: "apikeys-chart__accepted", style: { height: height(day.accepted) } })))),
    h("div", { className: "apikeys-chart__axis", "aria-hidden": true },
      h("span", null, days[0].day),
      h("span", null, h("span", { className: "apikeys-chart__swatch apikeys-chart__accepted" }), t("apiKeysUsageAccepted"), " ",
        h("span", { className: "apikeys-chart__swatch apikeys-chart__refused" }), t("apiKeysUsageRefused")),
      h("span", null, days[days.length - 1].day)));
}

/**
 * The quota's use as PatternFly's progress bar (css/api-keys.css: the console's bundle has no progress styles),
 * warning from 80 %, danger when used up.
 */
function QuotaUse({ use }) {
  const text = t(`apiKeysQuotaUse${use.period}`, number(use.used), number(use.requests));
  const status = use.percent >= 100 ? " apikeys-progress--danger" : use.percent >= 80 ? " apikeys-progress--warning" : "";
  return h("div", { className: `apikeys-progress${status}`, "data-testid": "quota-use" },
    h("div", { className: "apikeys-progress__description" }, t("apiKeysQuotaCurrent")),
    h("div", { className: "apikeys-progress__measure", "aria-hidden": true }, `${use.percent}%`),
    h("div", { className: "apikeys-progress__bar", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100,
      "aria-valuenow": use.percent, "aria-valuetext": text, "aria-label": t("apiKeysQuotaCurrent") },
    h("div", { className: "apikeys-progress__indicator", style: { width: `${use.percent}%` } })),
    h("div", { className: "apikeys-progress__helper", "data-testid": "quota-text" }, text));
}

/**
 * Loads the key's day buckets (what the nodes have flushed so far) and its quota's use (the cluster's count now)
 * once when shown.
 */
export function KeyUsage({ api, apiKey }) {
  const [usage, setUsage] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let current = true;
    const now = Date.now();
    const { from, to } = usageRange(now);
    Promise.all([api.usage(apiKey.id, from, to), apiKey.quota ? api.quota(apiKey.id) : null])
      .then(([answer, quota]) => current && setUsage({ now, buckets: answer.buckets, quota }))
      .catch((e) => current && setError(e.message));
    return () => { current = false; };
  }, [api, apiKey.id]);

  if (error) {
    return h(Alert, { title: t("apiKeysUsageFailed"), testId: "usage-error" }, error);
  }
  if (!usage) {
    return h("span", { className: "pf-v5-c-spinner pf-m-md", role: "progressbar", "aria-label": t("apiKeysUsageTitle") });
  }
  const days = chartDays(usage.buckets, usage.now);
  const sum = totals(days);
  const quota = quotaUse(usage.quota);
  return h("div", { className: "apikeys-usage", "data-testid": "key-usage" },
    h("h3", { className: "pf-v5-c-title pf-m-md" }, t("apiKeysUsageTitle")),
    h(UsageChart, { days }),
    h("p", { className: "pf-v5-u-font-size-sm", "data-testid": "usage-total" },
      t("apiKeysUsageTotal", number(sum.accepted), number(sum.refused))),
    quota && h(QuotaUse, { use: quota }));
}
