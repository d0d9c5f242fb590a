// The keys of one client as a PatternFly table; a key's row expands to its usage.
import { Fragment, useState } from "react";
import { formatDate, t } from "./console.js";
import { Button, Label, h } from "./ui.js";
import { KeyUsage } from "./usage.js";

const COLUMNS = ["apiKeysName", "apiKeysStart", "apiKeysStatus", "apiKeysScopes", "apiKeysExpires", "apiKeysLastUsed"];

function KeyRow({ api, apiKey, canManage, onAction }) {
  const [expanded, setExpanded] = useState(false);
  const cell = (label, content) => h("td", { role: "cell", "data-label": t(label) }, content);
  const changeable = canManage && apiKey.status !== "REVOKED";
  const usageId = `usage-${apiKey.id}`;
  return h(Fragment, null, h("tr", { role: "row", "data-testid": "key-row", "data-key-start": apiKey.start, "data-key-status": apiKey.status,
    "data-key-used": String(apiKey.lastUsedTimestamp != null), className: expanded ? "pf-m-expanded" : undefined },
    h("td", { role: "cell", className: "pf-v5-c-table__toggle" },
      h("button", { type: "button", className: `pf-v5-c-button pf-m-plain apikeys-toggle${expanded ? " pf-m-expanded" : ""}`,
        "aria-expanded": expanded, "aria-controls": usageId, "aria-label": t("apiKeysShowUsage", apiKey.name),
        "data-testid": "usage-toggle", onClick: () => setExpanded(!expanded) }, h("span", { "aria-hidden": true }, "\u203a"))),
    cell("apiKeysName", h("div", null, h("strong", null, apiKey.name),
      apiKey.description && h("div", { className: "pf-v5-u-color-200 pf-v5-u-font-size-sm" }, apiKey.description))),
    cell("apiKeysStart", h("code", null, `${apiKey.start}…`)),
    cell("apiKeysStatus", h(Fragment, null,
      h(Label, { colour: apiKey.status.toLowerCase(), testId: "key-status" }, t(`apiKeysStatus${apiKey.status}`)),
      reason(apiKey) && h("div", { className: "pf-v5-u-font-size-sm", "data-testid": "key-reason" },
        t(`apiKeysReason${reason(apiKey)}`)))),
    cell("apiKeysScopes", apiKey.scopes?.length ? apiKey.scopes.join(", ") : t("apiKeysAllScopes")),
    cell("apiKeysExpires", formatDate(apiKey.expiresTimestamp) ?? t("apiKeysNever")),
    cell("apiKeysLastUsed", apiKey.lastUsedTimestamp
      ? `${formatDate(apiKey.lastUsedTimestamp)}${apiKey.lastUsedIp ? ` (${apiKey.lastUsedIp})` : ""}`
      : t("apiKeysNeverUsed")),
    h("td", { role: "cell", className: "pf-v5-c-table__action" }, changeable && h("div", { className: "apikeys-actions" },
      apiKey.status === "ACTIVE" && h(Button, { variant: "secondary", testId: "rotate", onClick: () => onAction("rotate", apiKey) }, t("apiKeysRotate")),
      h(Button, { variant: "danger", testId: "revoke", onClick: () => onAction("revoke", apiKey) }, t("apiKeysRevoke"))))),
  expanded && h("tr", { role: "row", id: usageId, className: "pf-v5-c-table__expandable-row pf-m-expanded", "data-usage-of": apiKey.start },
    h("td", { role: "cell", colSpan: COLUMNS.length + 2 },
      h("div", { className: "pf-v5-c-table__expandable-row-content" }, h(KeyUsage, { api, apiKey })))));
}

export function KeyTable({ api, client, keys, onAction }) {
  return h("table", { className: "pf-v5-c-table pf-m-grid-lg pf-m-expandable apikeys-table", role: "grid", "aria-label": client.clientId },
    h("thead", null, h("tr", { role: "row" },
      h("td", { role: "columnheader" }),
      COLUMNS.map((column) => h("th", { key: column, role: "columnheader", scope: "col" }, t(column))),
      h("td", { role: "columnheader" }))),
    h("tbody", null, keys.length
      ? keys.map((apiKey) => h(KeyRow, { key: apiKey.id, api, apiKey, canManage: client.canManage, onAction }))
      : h("tr", { role: "row" }, h("td", { role: "cell", colSpan: COLUMNS.length + 2, "data-testid": "no-keys" }, t("apiKeysNoKeys")))));
}

/** Why a key stopped on its own (a leak report), shown under its status; an admin's revoke needs no word. */
function reason(apiKey) {
  const why = apiKey.status === "REVOKED" ? apiKey.revokedReason : apiKey.status === "DISABLED" ? apiKey.disabledReason : null;
  return why && why !== "ADMIN" ? why : null;
}
