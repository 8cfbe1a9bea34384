// The server over HTTP and WebSocket, with the optional API key of this browser tab.
const KEY_STORAGE = "envserver.api_key";

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? "";
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** Error of a server reply, with the HTTP status and the FastAPI-shaped detail when there is one. */
export class ServerError extends Error {
  constructor(message, status, detail) {
    super(message);
    this.status = status;
    this.detail = detail;
  }
}

/** JSON of a request to the server; a non-2xx reply throws a ServerError naming the fields of its detail. */
export async function fetchJson(path, body) {
  const headers = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const key = apiKey();
  if (key) headers.authorization = `Bearer ${key}`;
  const reply = await fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await reply.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!reply.ok) {
    throw new ServerError(`${path}: HTTP ${reply.status} ${describeDetail(json?.detail) || reply.statusText}`, reply.status, json?.detail);
  }
  return json;
}

/** "loc: msg; loc: msg" of a pydantic error list, or the detail string itself. */
export function describeDetail(detail) {
  if (typeof detail === "string") return detail;
  if (!Array.isArray(detail)) return "";
  return detail.map((d) => `${(d.loc ?? []).join(".") || "request"}: ${d.msg}`).join("; ");
}

/** ws(s)://host/path?api_key=…: browsers cannot set headers on a WebSocket upgrade. */
export function webSocketUrl(path) {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const key = apiKey();
  if (key) url.searchParams.set("api_key", key);
  return url.toString();
}
