// The keys of one client as a PatternFly table.
import { formatDate, t } from "./console.js";
import { Button, Label, h } from "./ui.js";

const COLUMNS = ["apiKeysName", "apiKeysStart", "apiKeysStatus", "apiKeysScopes", "apiKeysExpires", "apiKeysLastUsed"];

function KeyRow({ apiKey, canManage, onAction }) {
  const cell = (label, content) => h("td", { role: "cell", "data-label": t(label) }, content);
  const changeable = canManage && apiKey.status !== "REVOKED";
  return h("tr", { role: "row", "data-testid": "key-row", "data-key-start": apiKey.start, "data-key-status": apiKey.status,
    "data-key-used": String(apiKey.lastUsedTimestamp != null) },
    cell("apiKeysName", h("div", null, h("strong", null, apiKey.name),
      apiKey.description && h("div", { className: "pf-v5-u-color-200 pf-v5-u-font-size-sm" }, apiKey.description))),
    cell("apiKeysStart", h("code", null, `${apiKey.start}…`)),
    cell("apiKeysStatus", h(Label, { colour: apiKey.status.toLowerCase(), testId: "key-status" }, t(`apiKeysStatus${apiKey.status}`))),
    cell("apiKeysScopes", apiKey.scopes?.length ? apiKey.scopes.join(", ") : t("apiKeysAllScopes")),
    cell("apiKeysExpires", formatDate(apiKey.expiresTimestamp) ?? t("apiKeysNever")),
    cell("apiKeysLastUsed", apiKey.lastUsedTimestamp
      ? `${formatDate(apiKey.lastUsedTimestamp)}${apiKey.lastUsedIp ? ` (${apiKey.lastUsedIp})` : ""}`
      : t("apiKeysNeverUsed")),
    h("td", { role: "cell", className: "pf-v5-c-table__action" }, changeable && h("div", { className: "apikeys-actions" },
      apiKey.status === "ACTIVE" && h(Button, { variant: "secondary", testId: "rotate", onClick: () => onAction("rotate", apiKey) }, t("apiKeysRotate")),
      h(Button, { variant: "danger", testId: "revoke", onClick: () => onAction("revoke", apiKey) }, t("apiKeysRevoke")))));
}

export function KeyTable({ client, keys, onAction }) {
  return h("table", { className: "pf-v5-c-table pf-m-grid-lg apikeys-table", role: "grid", "aria-label": client.clientId },
    h("thead", null, h("tr", { role: "row" },
      COLUMNS.map((column) => h("th", { key: column, role: "columnheader", scope: "col" }, t(column))),
      h("td", { role: "columnheader" }))),
    h("tbody", null, keys.length
      ? keys.map((apiKey) => h(KeyRow, { key: apiKey.id, apiKey, canManage: client.canManage, onAction }))
      : h("tr", { role: "row" }, h("td", { role: "cell", colSpan: COLUMNS.length + 1, "data-testid": "no-keys" }, t("apiKeysNoKeys")))));
}
