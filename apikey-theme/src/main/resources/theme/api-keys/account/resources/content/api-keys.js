// The "API keys" page of the account console (theme api-keys, entry in content.json). Default export: the page.
import { useCallback, useEffect, useMemo, useState } from "react";
import { createApi, environment, t, useConsoleEnvironment } from "./api-keys/console.js";
import { CreateKeyDialog, useKeyDialogs } from "./api-keys/dialogs.js";
import { PersonalKeys } from "./api-keys/personal.js";
import { KeyTable } from "./api-keys/table.js";
import { Alert, Button, EmptyState, Label, Select, h } from "./api-keys/ui.js";

const STATUSES = ["ACTIVE", "EXPIRED", "REVOKED", "DISABLED"];

/** The title; for an admin of master, the realm whose keys are shown, to choose from those they administer. */
function Header({ realms, realm, onRealm }) {
  return h("section", { className: "pf-v5-c-page__main-section pf-m-light" },
    h("div", { className: "pf-v5-c-content" },
      h("h1", { className: "pf-v5-c-title pf-m-2xl" }, t("apiKeys")),
      h("p", null, t("apiKeysIntro")),
      realms.length > 1 && h("div", { className: "pf-v5-c-form apikeys-form" },
        h(Select, { id: "realm-selector", value: realm, onChange: onRealm, label: t("apiKeysRealm"),
          options: realms.map((name) => [name, name]) }))));
}

function ClientSection({ api, client, keys, onAction }) {
  return h("div", { className: "pf-v5-c-card pf-m-flat pf-v5-u-mb-lg", "data-testid": "client-section", "data-client-id": client.clientId },
    h("div", { className: "pf-v5-c-card__title" },
      h("h2", { className: "pf-v5-c-card__title-text" }, client.name || client.clientId, " ",
        h("small", { className: "pf-v5-u-color-200" }, client.clientId), " ",
        !client.canManage && h(Label, { colour: "info", testId: "read-only" }, t("apiKeysReadOnly")))),
    h("div", { className: "pf-v5-c-card__body" }, h(KeyTable, { api, label: client.clientId, keys, canManage: client.canManage, onAction })));
}

/** The page for one realm: the person's own keys (where allowed: `personal`, their options), then the clients' keys. */
function Page({ api, header, personal }) {
  const [clients, setClients] = useState(null);
  const [keys, setKeys] = useState([]);
  const [clientFilter, setClientFilter] = useState("");
  const [statusFilter, setStatusFilter] = useState("");
  const [error, setError] = useState(null);

  const reload = useCallback(async () => {
    try {
      const [visible, found] = await Promise.all([api.clients(), api.keys(clientFilter, statusFilter)]);
      setClients(visible);
      setKeys(found);
      setError(null);
    } catch (e) {
      setError(e.message);
      setClients((current) => current ?? []);
    }
  }, [api, clientFilter, statusFilter]);

  useEffect(() => { reload(); }, [reload]);

  const manageable = useMemo(() => (clients || []).filter((client) => client.canManage), [clients]);
  const shown = (clients || []).filter((client) => !clientFilter || client.clientId === clientFilter);
  const { dialog, setDialog, close, issued, dialogs } = useKeyDialogs({ rotate: api.rotate, revoke: api.revoke, reload });

  if (clients === null) {
    return h("div", { className: "pf-v5-c-page__main-section" }, h("span", { className: "pf-v5-c-spinner", role: "progressbar" }));
  }
  return h("div", { "data-testid": "api-keys-page" },
    header,
    h("section", { className: "pf-v5-c-page__main-section" },
      error && h(Alert, { title: t("apiKeysLoadFailed"), testId: "page-error" }, error),
      personal && h(PersonalKeys, { api, options: personal }),
      clients.length === 0 && !error
        ? !personal && h(EmptyState, { title: t("apiKeysEmptyTitle"), testId: "empty-state" }, t("apiKeysEmptyText"))
        : h("div", null,
          h("div", { className: "pf-v5-c-toolbar" }, h("div", { className: "pf-v5-c-toolbar__content" },
            h("div", { className: "pf-v5-c-toolbar__content-section" },
              h("div", { className: "pf-v5-c-toolbar__item" }, h(Select, { id: "client-filter", value: clientFilter, onChange: setClientFilter, label: t("apiKeysClient"),
                options: [["", t("apiKeysAllClients")], ...clients.map((c) => [c.clientId, c.name || c.clientId])] })),
              h("div", { className: "pf-v5-c-toolbar__item" }, h(Select, { id: "status-filter", value: statusFilter, onChange: setStatusFilter, label: t("apiKeysStatus"),
                options: [["", t("apiKeysAllStatuses")], ...STATUSES.map((s) => [s, t(`apiKeysStatus${s}`)])] })),
              manageable.length > 0 && h("div", { className: "pf-v5-c-toolbar__item" },
                h(Button, { testId: "create-key", onClick: () => setDialog({ type: "create" }) }, t("apiKeysCreate")))))),
          shown.map((client) => h(ClientSection, { key: client.clientId, api, client,
            keys: keys.filter((apiKey) => apiKey.clientId === client.clientId),
            onAction: (type, apiKey) => setDialog({ type, apiKey }) })))),
    dialog?.type === "create" && h(CreateKeyDialog, { clients: manageable, onCreate: (request) => api.create(request).then(issued), onClose: close,
      initialClientId: manageable.some((c) => c.clientId === clientFilter) ? clientFilter : undefined }),
    dialogs);
}

export default function ApiKeysPage() {
  if (!useConsoleEnvironment) {
    return h("section", { className: "pf-v5-c-page__main-section" }, h(Alert, { title: t("apiKeysUnsupportedConsole") }));
  }
  const { keycloak } = useConsoleEnvironment();
  const [realm, setRealm] = useState(environment.realm);
  const [realms, setRealms] = useState([]);
  // What the caller's own realm offers: the realms to choose from, and the options of personal keys (null: none).
  const [personal, setPersonal] = useState(undefined);
  useEffect(() => {
    const home = createApi(keycloak);
    home.realms().then(setRealms, () => setRealms([]));
    home.personal.options().then((options) => setPersonal(options.enabled ? options : null), () => setPersonal(null));
  }, [keycloak]);
  const api = useMemo(() => createApi(keycloak, realm), [keycloak, realm]);
  if (personal === undefined) {
    return h("div", { className: "pf-v5-c-page__main-section" }, h("span", { className: "pf-v5-c-spinner", role: "progressbar" }));
  }
  // A new realm is a new page: its filters, dialogs and keys start afresh. Personal keys are the caller's own realm's.
  return h(Page, { key: realm, api, personal: realm === environment.realm ? personal : null,
    header: h(Header, { realms, realm, onRealm: setRealm }) });
}
