// Keys as a PatternFly table (a client's, or a person's own); a key's row expands to its usage.
import { Fragment, useState } from "react";
import { formatDate, t } from "./console.js";
import { Button, Label, h } from "./ui.js";
import { KeyUsage } from "./usage.js";

const name = (apiKey) => h("div", null, h("strong", null, apiKey.name),
  apiKey.description && h("div", { className: "pf-v5-u-color-200 pf-v5-u-font-size-sm" }, apiKey.description));
const start = (apiKey) => h("code", null, `${apiKey.start}…`);
const status = (apiKey) => h(Fragment, null,
  h(Label, { colour: apiKey.status.toLowerCase(), testId: "key-status" }, t(`apiKeysStatus${apiKey.status}`)),
  reason(apiKey) && h("div", { className: "pf-v5-u-font-size-sm", "data-testid": "key-reason" }, t(`apiKeysReason${reason(apiKey)}`)));
const expires = (apiKey) => formatDate(apiKey.expiresTimestamp) ?? t("apiKeysNever");
const lastUsed = (apiKey) => (apiKey.lastUsedTimestamp
  ? `${formatDate(apiKey.lastUsedTimestamp)}${apiKey.lastUsedIp ? ` (${apiKey.lastUsedIp})` : ""}`
  : t("apiKeysNeverUsed"));

/** The columns of a client's keys and of a person's own keys: a message key for the header, a cell renderer. */
export const SERVICE_COLUMNS = [["apiKeysName", name], ["apiKeysStart", start], ["apiKeysStatus", status],
  ["apiKeysScopes", (apiKey) => (apiKey.scopes?.length ? apiKey.scopes.join(", ") : t("apiKeysAllScopes"))],
  ["apiKeysExpires", expires], ["apiKeysLastUsed", lastUsed]];
export const PERSONAL_COLUMNS = [["apiKeysName", name], ["apiKeysStart", start], ["apiKeysStatus", status],
  ["apiKeysClient", (apiKey) => apiKey.clientId],
  ["apiKeysRoles", (apiKey) => (apiKey.roles?.length ? apiKey.roles.join(", ") : t("apiKeysAllYourRoles"))],
  ["apiKeysExpires", expires], ["apiKeysLastUsed", lastUsed]];

function KeyRow({ api, apiKey, columns, canManage, onAction }) {
  const [expanded, setExpanded] = useState(false);
  const changeable = canManage && apiKey.status !== "REVOKED";
  const usageId = `usage-${apiKey.id}`;
  return h(Fragment, null, h("tr", { role: "row", "data-testid": "key-row", "data-key-start": apiKey.start, "data-key-status": apiKey.status,
    "data-key-used": String(apiKey.lastUsedTimestamp != null), className: expanded ? "pf-m-expanded" : undefined },
    h("td", { role: "cell", className: "pf-v5-c-table__toggle" },
      h("button", { type: "button", className: `pf-v5-c-button pf-m-plain apikeys-toggle${expanded ? " pf-m-expanded" : ""}`,
        "aria-expanded": expanded, "aria-controls": usageId, "aria-label": t("apiKeysShowUsage", apiKey.name),
        "data-testid": "usage-toggle", onClick: () => setExpanded(!expanded) }, h("span", { "aria-hidden": true }, "\u203a"))),
    columns.map(([label, render]) => h("td", { key: label, role: "cell", "data-label": t(label) }, render(apiKey))),
    h("td", { role: "cell", className: "pf-v5-c-table__action" }, changeable && h("div", { className: "apikeys-actions" },
      apiKey.status === "ACTIVE" && h(Button, { variant: "secondary", testId: "rotate", onClick: () => onAction("rotate", apiKey) }, t("apiKeysRotate")),
      h(Button, { variant: "danger", testId: "revoke", onClick: () => onAction("revoke", apiKey) }, t("apiKeysRevoke"))))),
  expanded && h("tr", { role: "row", id: usageId, className: "pf-v5-c-table__expandable-row pf-m-expanded", "data-usage-of": apiKey.start },
    h("td", { role: "cell", colSpan: columns.length + 2 },
      h("div", { className: "pf-v5-c-table__expandable-row-content" }, h(KeyUsage, { api, apiKey })))));
}

/** Keys as a table, one column per `columns` entry; rotate and revoke where `canManage`. */
export function KeyTable({ api, label, keys, columns = SERVICE_COLUMNS, canManage, onAction }) {
  return h("table", { className: "pf-v5-c-table pf-m-grid-lg pf-m-expandable apikeys-table", role: "grid", "aria-label": label },
    h("thead", null, h("tr", { role: "row" },
      h("td", { role: "columnheader" }),
      columns.map(([column]) => h("th", { key: column, role: "columnheader", scope: "col" }, t(column))),
      h("td", { role: "columnheader" }))),
    h("tbody", null, keys.length
      ? keys.map((apiKey) => h(KeyRow, { key: apiKey.id, api, apiKey, columns, canManage, onAction }))
      : h("tr", { role: "row" }, h("td", { role: "cell", colSpan: columns.length + 2, "data-testid": "no-keys" }, t("apiKeysNoKeys")))));
}

/** Why a key stopped on its own (a leak report), shown under its status; an admin's revoke needs no word. */
function reason(apiKey) {
  const why = apiKey.status === "REVOKED" ? apiKey.revokedReason : apiKey.status === "DISABLED" ? apiKey.disabledReason : null;
  return why && why !== "ADMIN" ? why : null;
}
