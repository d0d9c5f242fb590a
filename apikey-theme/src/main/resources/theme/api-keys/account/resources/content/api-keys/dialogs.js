// The dialogs of the page: create, the one-time key, rotate and revoke.
import { useState } from "react";
import { t } from "./console.js";
import { Alert, Button, Checkbox, FormGroup, Modal, Select, TextArea, TextInput, h } from "./ui.js";

/** Splits a list typed by hand: commas, spaces or new lines. */
function list(text) {
  return text.split(/[\s,]+/).map((item) => item.trim()).filter(Boolean);
}

/** The create request from the form; empty fields are left out so that the realm's defaults apply. */
function createRequest(form) {
  const request = { clientId: form.clientId, name: form.name.trim() };
  if (form.description.trim()) request.description = form.description.trim();
  if (form.expires) {
    const [year, month, day] = form.expires.split("-").map(Number);
    request.expiresTimestamp = new Date(year, month - 1, day, 23, 59, 59).getTime();
  }
  for (const field of ["scopes", "roles", "audiences", "allowedIps", "contacts"]) {
    if (list(form[field]).length) request[field] = list(form[field]);
  }
  if (form.requests || form.windowSeconds) {
    request.rateLimit = { requests: Number(form.requests), windowSeconds: Number(form.windowSeconds) };
  }
  if (form.quotaRequests) {
    request.quota = { requests: Number(form.quotaRequests), period: form.quotaPeriod };
  }
  if (form.selfRotation) request.selfRotation = true;
  return request;
}

export function CreateKeyDialog({ clients, initialClientId, onCreate, onClose }) {
  const [form, setForm] = useState({
    clientId: initialClientId || clients[0]?.clientId || "", name: "", description: "", expires: "",
    scopes: "", roles: "", audiences: "", allowedIps: "", requests: "", windowSeconds: "",
    quotaRequests: "", quotaPeriod: "DAY", selfRotation: false, contacts: "",
  });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const field = (name) => ({ id: `key-${name}`, value: form[name], onChange: (value) => setForm({ ...form, [name]: value }) });

  async function submit(event) {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onCreate(createRequest(form));
    } catch (e) {
      setError(e.message);
      setBusy(false);
    }
  }

  const footer = [
    h(Button, { key: "create", onClick: submit, disabled: busy || !form.name.trim() || !form.clientId, testId: "confirm-create" }, t("apiKeysCreate")),
    h(Button, { key: "cancel", variant: "link", onClick: onClose, testId: "cancel-create" }, t("apiKeysCancel")),
  ];
  return h(Modal, { title: t("apiKeysCreateTitle"), testId: "create-dialog", onClose, footer },
    error && h(Alert, { title: t("apiKeysCreateFailed"), testId: "dialog-error" }, error),
    h("form", { className: "pf-v5-c-form apikeys-form", onSubmit: submit, noValidate: true },
      h(FormGroup, { id: "key-clientId", label: t("apiKeysClient"), required: true },
        h(Select, { ...field("clientId"), label: t("apiKeysClient"), options: clients.map((c) => [c.clientId, c.name || c.clientId]) })),
      h(FormGroup, { id: "key-name", label: t("apiKeysName"), required: true, helper: t("apiKeysNameHelp") }, h(TextInput, field("name"))),
      h(FormGroup, { id: "key-description", label: t("apiKeysDescription"), wide: true }, h(TextArea, field("description"))),
      h(FormGroup, { id: "key-scopes", label: t("apiKeysScopes"), helper: t("apiKeysScopesHelp") }, h(TextInput, field("scopes"))),
      h(FormGroup, { id: "key-roles", label: t("apiKeysRoles"), helper: t("apiKeysRolesHelp") }, h(TextInput, field("roles"))),
      h(FormGroup, { id: "key-audiences", label: t("apiKeysAudiences"), helper: t("apiKeysAudiencesHelp") }, h(TextInput, field("audiences"))),
      h(FormGroup, { id: "key-allowedIps", label: t("apiKeysAllowedIps"), helper: t("apiKeysAllowedIpsHelp") }, h(TextInput, field("allowedIps"))),
      h(FormGroup, { id: "key-expires", label: t("apiKeysExpiresOn"), helper: t("apiKeysExpiresHelp") }, h(TextInput, { ...field("expires"), type: "date" })),
      h(FormGroup, { id: "key-requests", label: t("apiKeysRateLimit"), helper: t("apiKeysRateLimitHelp") },
        h("div", { className: "apikeys-pair" },
          h(TextInput, { ...field("requests"), type: "number", placeholder: t("apiKeysRequests") }),
          h(TextInput, { ...field("windowSeconds"), type: "number", placeholder: t("apiKeysWindowSeconds") }))),
      h(FormGroup, { id: "key-quotaRequests", label: t("apiKeysQuota"), helper: t("apiKeysQuotaHelp") },
        h("div", { className: "apikeys-pair" },
          h(TextInput, { ...field("quotaRequests"), type: "number", placeholder: t("apiKeysRequests") }),
          h(Select, { ...field("quotaPeriod"), label: t("apiKeysQuotaPeriod"),
            options: [["DAY", t("apiKeysQuotaPerDay")], ["MONTH", t("apiKeysQuotaPerMonth")]] }))),
      h(FormGroup, { id: "key-contacts", label: t("apiKeysContacts"), helper: t("apiKeysContactsHelp") }, h(TextInput, field("contacts"))),
      h(FormGroup, { id: "key-selfRotation", label: t("apiKeysSelfRotation"), helper: t("apiKeysSelfRotationHelp") },
        h(Checkbox, { id: "key-selfRotation", checked: form.selfRotation, label: t("apiKeysSelfRotationLabel"),
          onChange: (value) => setForm({ ...form, selfRotation: value }) })),
      h("button", { type: "submit", hidden: true })));
}

/** Shows a freshly issued key once. Closing drops it: the page keeps no copy, the server never shows it again. */
export function OneTimeKeyDialog({ created, onClose }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key);
    } catch {
      const input = document.querySelector('[data-testid="one-time-key"]');
      input.select();
      document.execCommand("copy");
    }
    setCopied(true);
  }

  const footer = h(Button, { onClick: onClose, testId: "close-key-dialog" }, t("apiKeysKeyCopiedClose"));
  return h(Modal, { title: t("apiKeysKeyTitle", created.name), testId: "key-dialog", onClose, footer },
    h(Alert, { variant: "warning", title: t("apiKeysKeyWarning"), testId: "key-warning" }),
    (created.warnings || []).map((warning) => h(Alert, { key: warning, variant: "warning", title: warning })),
    h("div", { className: "apikeys-key" },
      h(TextInput, { id: "one-time-key", value: created.key, readOnly: true }),
      h(Button, { variant: "secondary", testId: "copy-key", onClick: copy }, t("apiKeysCopy"))),
    copied && h("p", { className: "pf-v5-u-mt-sm", "data-testid": "key-copied" }, t("apiKeysCopied")));
}

const GRACE_PERIODS = [["0", "apiKeysGraceNone"], ["3600", "apiKeysGraceHour"], ["86400", "apiKeysGraceDay"], ["604800", "apiKeysGraceWeek"]];

/** Confirms a rotation (with a grace period for the old key) or a revocation; server errors show inline. */
export function ConfirmDialog({ action, apiKey, onConfirm, onClose }) {
  const [grace, setGrace] = useState("3600");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const rotate = action === "rotate";

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm(rotate ? Number(grace) : undefined);
    } catch (e) {
      setError(e.message);
      setBusy(false);
    }
  }

  const footer = [
    h(Button, { key: "ok", variant: rotate ? "primary" : "danger", onClick: confirm, disabled: busy, testId: `confirm-${action}` },
      t(rotate ? "apiKeysRotate" : "apiKeysRevoke")),
    h(Button, { key: "cancel", variant: "link", onClick: onClose }, t("apiKeysCancel")),
  ];
  return h(Modal, { title: t(rotate ? "apiKeysRotateTitle" : "apiKeysRevokeTitle", apiKey.name), testId: `${action}-dialog`, onClose, footer, variant: "small" },
    error && h(Alert, { title: t(rotate ? "apiKeysRotateFailed" : "apiKeysRevokeFailed"), testId: "dialog-error" }, error),
    h("p", null, t(rotate ? "apiKeysRotateText" : "apiKeysRevokeText", apiKey.start)),
    rotate && h("form", { className: "pf-v5-c-form pf-v5-u-mt-md", onSubmit: (event) => event.preventDefault() },
      h(FormGroup, { id: "grace-period", label: t("apiKeysGracePeriod"), helper: t("apiKeysGracePeriodHelp") },
        h(Select, { id: "grace-period", value: grace, onChange: setGrace, label: t("apiKeysGracePeriod"),
          options: GRACE_PERIODS.map(([seconds, key]) => [seconds, t(key)]) }))));
}

/**
 * The dialogs of a list of keys, shared by the clients' keys and the person's own: `setDialog({type, apiKey})` opens
 * a row's rotate or revoke confirmation, `issued(created)` shows a new key once (after a create or a rotation) and
 * reads the list again; `dialogs` is the open one of these. `rotate(id, grace)` and `revoke(id)` call the server.
 */
export function useKeyDialogs({ rotate, revoke, reload }) {
  const [dialog, setDialog] = useState(null);
  const close = () => setDialog(null);
  const issued = (created) => { setDialog({ type: "key", created }); reload(); };
  const confirm = {
    rotate: (apiKey) => (grace) => rotate(apiKey.id, grace).then(issued),
    revoke: (apiKey) => () => revoke(apiKey.id).then(() => { close(); reload(); }),
  };
  const confirming = dialog?.type === "rotate" || dialog?.type === "revoke";
  const dialogs = dialog?.type === "key" ? h(OneTimeKeyDialog, { created: dialog.created, onClose: close })
    : confirming ? h(ConfirmDialog, { action: dialog.type, apiKey: dialog.apiKey, onConfirm: confirm[dialog.type](dialog.apiKey), onClose: close })
      : null;
  return { dialog, setDialog, close, issued, dialogs };
}
