// The signed-in person's own keys ("Personal keys"), where the realm allows them: create, shown once, list, rotate,
// revoke, usage. The server decides everything again; the page only offers what GET /personal/options allows.
import { useCallback, useEffect, useState } from "react";
import { t } from "./console.js";
import { useKeyDialogs } from "./dialogs.js";
import { KeyTable, PERSONAL_COLUMNS } from "./table.js";
import { Alert, Button, Checkbox, FormGroup, Modal, Select, TextInput, h } from "./ui.js";

const DAY = 86_400_000;

/** A date input's value (local time) for a timestamp. */
function isoDay(timestamp) {
  const date = new Date(timestamp);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The key expires at the end of the chosen day, or at the realm's longest lifetime if that comes first (a minute
 * short of it, so that the request's way to the server cannot push it past).
 */
function expiry(day, now, maxLifetimeSeconds) {
  const [year, month, date] = day.split("-").map(Number);
  return Math.min(new Date(year, month - 1, date, 23, 59, 59).getTime(), now + maxLifetimeSeconds * 1000 - 60_000);
}

function CreatePersonalKeyDialog({ options, onCreate, onClose }) {
  const now = Date.now();
  const latest = now + options.maxLifetimeSeconds * 1000 - 60_000;
  const [form, setForm] = useState({ name: "", clientId: options.clients[0]?.clientId || "",
    expires: isoDay(Math.min(now + 30 * DAY, latest)), roles: [] });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const field = (name) => ({ id: `personal-${name}`, value: form[name], onChange: (value) => setForm({ ...form, [name]: value }) });
  const toggleRole = (role, on) => setForm({ ...form, roles: on ? [...form.roles, role] : form.roles.filter((r) => r !== role) });

  async function submit(event) {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const request = { clientId: form.clientId, name: form.name.trim(), expiresTimestamp: expiry(form.expires, Date.now(), options.maxLifetimeSeconds) };
      if (form.roles.length) request.roles = form.roles;
      await onCreate(request);
    } catch (e) {
      setError(e.message);
      setBusy(false);
    }
  }

  const footer = [
    h(Button, { key: "create", onClick: submit, disabled: busy || !form.name.trim() || !form.clientId || !form.expires,
      testId: "confirm-create-personal" }, t("apiKeysCreate")),
    h(Button, { key: "cancel", variant: "link", onClick: onClose }, t("apiKeysCancel")),
  ];
  return h(Modal, { title: t("apiKeysPersonalCreateTitle"), testId: "create-personal-dialog", onClose, footer },
    error && h(Alert, { title: t("apiKeysCreateFailed"), testId: "dialog-error" }, error),
    h("form", { className: "pf-v5-c-form apikeys-form", onSubmit: submit, noValidate: true },
      h(FormGroup, { id: "personal-name", label: t("apiKeysName"), required: true, helper: t("apiKeysPersonalNameHelp") }, h(TextInput, field("name"))),
      h(FormGroup, { id: "personal-clientId", label: t("apiKeysClient"), required: true, helper: t("apiKeysPersonalClientHelp") },
        h(Select, { ...field("clientId"), label: t("apiKeysClient"), options: options.clients.map((c) => [c.clientId, c.name || c.clientId]) })),
      h(FormGroup, { id: "personal-expires", label: t("apiKeysExpiresOn"), required: true,
        helper: t("apiKeysPersonalExpiresHelp", isoDay(latest)) },
      h("span", { className: "pf-v5-c-form-control" }, h("input", { id: "personal-expires", type: "date", value: form.expires,
        min: isoDay(now), max: isoDay(latest), "data-testid": "personal-expires",
        onChange: (event) => setForm({ ...form, expires: event.target.value }) }))),
      h(FormGroup, { id: "personal-roles", label: t("apiKeysRoles"), wide: true, helper: t("apiKeysPersonalRolesHelp") },
        h("div", { className: "apikeys-roles", role: "group", "aria-label": t("apiKeysRoles") },
          options.roles.map((role) => h(Checkbox, { key: role, id: `personal-role-${role}`, label: role,
            checked: form.roles.includes(role), onChange: (on) => toggleRole(role, on) })))),
      h("button", { type: "submit", hidden: true })));
}

/** The "Personal keys" card: the person's keys, newest first, with create, rotate, revoke and usage. */
export function PersonalKeys({ api, options }) {
  const [keys, setKeys] = useState(null);
  const [error, setError] = useState(null);

  const reload = useCallback(() => api.personal.keys().then((found) => { setKeys(found); setError(null); },
    (e) => { setKeys((current) => current ?? []); setError(e.message); }), [api]);
  useEffect(() => { reload(); }, [reload]);

  const { dialog, setDialog, close, issued, dialogs } = useKeyDialogs({ rotate: api.personal.rotate,
    revoke: api.personal.revoke, reload });
  const live = (keys || []).filter((apiKey) => apiKey.status === "ACTIVE").length;

  return h("div", { className: "pf-v5-c-card pf-m-flat pf-v5-u-mb-lg", "data-testid": keys ? "personal-keys" : undefined },
    h("div", { className: "pf-v5-c-card__title" },
      h("h2", { className: "pf-v5-c-card__title-text" }, t("apiKeysPersonal")),
      h("p", { className: "pf-v5-u-color-200 pf-v5-u-font-size-sm" }, t("apiKeysPersonalIntro", options.maxKeysPerUser))),
    h("div", { className: "pf-v5-c-card__body" },
      error && h(Alert, { title: t("apiKeysLoadFailed"), testId: "personal-error" }, error),
      options.canManage && options.clients.length > 0 && h("div", { className: "pf-v5-u-mb-md" },
        h(Button, { testId: "create-personal-key", disabled: live >= options.maxKeysPerUser,
          onClick: () => setDialog({ type: "create" }) }, t("apiKeysPersonalCreate"))),
      keys === null
        ? h("span", { className: "pf-v5-c-spinner pf-m-md", role: "progressbar" })
        : h(KeyTable, { api, label: t("apiKeysPersonal"), keys, columns: PERSONAL_COLUMNS, canManage: options.canManage,
          onAction: (type, apiKey) => setDialog({ type, apiKey }) })),
    dialog?.type === "create" && h(CreatePersonalKeyDialog, { options, onCreate: (request) => api.personal.create(request).then(issued), onClose: close }),
    dialogs);
}
