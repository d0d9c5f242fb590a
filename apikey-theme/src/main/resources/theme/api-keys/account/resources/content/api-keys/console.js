// What the page needs from the account console around it: the environment, the signed-in user's access token,
// the realm's messages and the REST extension at /realms/{realm}/api-keys. No build step: plain ES modules.

export const environment = JSON.parse(document.getElementById("environment").textContent);

/**
 * The console's own useEnvironment hook, which holds its keycloak-js instance. Custom pages get no props, and the
 * console publishes no API for them, so the hook is taken from the console's entry module (already loaded, so the
 * same instance) by the error message it is known to throw. If a future console changes that, the page says so
 * instead of breaking silently.
 */
async function findConsoleHook() {
  const entry = [...document.querySelectorAll('script[type="module"][src]')]
    .find((script) => /\/assets\/main-[^/]*\.js$/.test(script.src));
  if (!entry) {
    return null;
  }
  const module = await import(entry.src);
  return Object.values(module).find((value) => typeof value === "function"
    && String(value).includes("no environment provider")) ?? null;
}

export const useConsoleEnvironment = await findConsoleHook();

async function loadMessages() {
  const url = `${environment.serverBaseUrl}/resources/${encodeURIComponent(environment.realm)}/account/`
    + encodeURIComponent(environment.locale || "en");
  try {
    const response = await fetch(url);
    const list = response.ok ? await response.json() : [];
    return Object.fromEntries(list.map(({ key, value }) => [key, value]));
  } catch {
    return {};
  }
}

const messages = await loadMessages();

/** A message of the theme, with {0}, {1}... (served as {{0}}) replaced by the arguments. */
export function t(key, ...args) {
  const text = messages[key] ?? key;
  return text.replace(/\{\{?(\d+)\}?\}/g, (match, index) => (args[index] ?? match));
}

export function formatDate(timestamp) {
  return timestamp == null ? null : new Date(timestamp).toLocaleString(environment.locale || undefined);
}

/** An error of the REST extension: its status and the server's {error, error_description}. */
export class ApiError extends Error {
  constructor(status, error, description) {
    super(description || error || `HTTP ${status}`);
    this.status = status;
    this.error = error;
  }
}

/**
 * A client of /realms/{realm}/api-keys that calls with the console user's fresh access token; for another realm
 * than the console's (an admin of master), of /realms/master/api-keys/realms/{target}.
 */
export function createApi(keycloak, target) {
  const home = `${environment.serverBaseUrl}/realms/${encodeURIComponent(environment.realm)}/api-keys`;
  const base = !target || target === environment.realm ? home : `${home}/realms/${encodeURIComponent(target)}`;

  async function token() {
    try {
      await keycloak.updateToken(5);
    } catch {
      await keycloak.login();
    }
    return keycloak.token;
  }

  async function call(method, path, body) {
    const response = await fetch(base + path, {
      method,
      headers: {
        accept: "application/json",
        authorization: `Bearer ${await token()}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      throw new ApiError(response.status, data?.error, data?.error_description);
    }
    return data;
  }

  return {
    realms: () => call("GET", "/realms"),
    clients: () => call("GET", "/clients"),
    keys: (clientId, status) => {
      const query = new URLSearchParams({ max: "1000" });
      if (clientId) query.set("clientId", clientId);
      if (status) query.set("status", status);
      return call("GET", `/?${query}`);
    },
    create: (request) => call("POST", "/", request),
    rotate: (id, gracePeriodSeconds) => call("POST", `/${encodeURIComponent(id)}/rotate`, { gracePeriodSeconds }),
    revoke: (id) => call("POST", `/${encodeURIComponent(id)}/revoke`),
    usage: (id, from, to) => call("GET", `/${encodeURIComponent(id)}/usage?${new URLSearchParams({ from, to, granularity: "day" })}`),
    quota: (id) => call("GET", `/${encodeURIComponent(id)}/quota`),
    /** The signed-in user's own keys: usage and quota as above, the rest under /personal. */
    personal: {
      options: () => call("GET", "/personal/options"),
      keys: () => call("GET", "/personal?max=1000"),
      create: (request) => call("POST", "/personal", request),
      rotate: (id, gracePeriodSeconds) => call("POST", `/personal/${encodeURIComponent(id)}/rotate`, { gracePeriodSeconds }),
      revoke: (id) => call("POST", `/personal/${encodeURIComponent(id)}/revoke`),
    },
  };
}
