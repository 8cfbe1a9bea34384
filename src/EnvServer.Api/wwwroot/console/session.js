// One OpenEnv /ws session: one environment per connection, one reply per message, in order.
import { webSocketUrl } from "./api.js";

/** An error frame of the server ({"type":"error","data":{message, code, errors?}}). */
export class ProtocolError extends Error {
  constructor(data) {
    super(describeErrorFrame(data));
    this.code = data.code;
    this.errors = data.errors ?? [];
  }

  /** Whether the server keeps the session open after this error (OpenEnv: the first four codes). */
  get recoverable() {
    return ["INVALID_JSON", "UNKNOWN_TYPE", "VALIDATION_ERROR", "EXECUTION_ERROR"].includes(this.code);
  }
}

export function describeErrorFrame(data) {
  const fields = (data.errors ?? []).map((e) => `${(e.loc ?? []).join(".") || "message"}: ${e.msg}`);
  return `${data.code}: ${fields.length ? fields.join("; ") : data.message}`;
}

export class EnvSocket {
  #socket;
  #pending = [];
  #closed = false;
  #farewell = null;

  static async open(envId) {
    const session = new EnvSocket();
    await session.#connect(`/envs/${encodeURIComponent(envId)}/ws`);
    return session;
  }

  get closed() {
    return this.#closed;
  }

  #connect(path) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(webSocketUrl(path));
      this.#socket = socket;
      socket.addEventListener("open", () => resolve(), { once: true });
      socket.addEventListener("message", (event) => this.#receive(event.data));
      socket.addEventListener("close", (event) => {
        this.#closed = true;
        // CAPACITY_REACHED and FACTORY_ERROR come as the only frame before the close.
        const reason = this.#farewell ?? `the server closed the connection (${event.code}${event.reason ? ` ${event.reason}` : ""})`;
        for (const waiter of this.#pending.splice(0)) waiter.reject(new Error(reason));
        reject(new Error(`Could not connect to ${path}: ${reason}`)); // no effect once open
      });
    });
  }

  #receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = { type: "error", data: { code: "INVALID_JSON", message: "The server sent a frame that is not JSON" } };
    }
    const waiter = this.#pending.shift();
    if (!waiter) {
      if (frame.type === "error") this.#farewell = describeErrorFrame(frame.data ?? {});
      return;
    }
    if (frame.type === "error") waiter.reject(new ProtocolError(frame.data ?? {}));
    else waiter.resolve(frame.data);
  }

  /** Sends one message and resolves with the data of its reply (rejects with a ProtocolError on an error frame). */
  request(message) {
    if (this.#closed) return Promise.reject(new Error("The connection is closed; reset to open a new one"));
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#socket.send(JSON.stringify(message));
    });
  }

  reset(options) {
    return this.request({ type: "reset", data: options });
  }

  step(action) {
    return this.request({ type: "step", data: action });
  }

  state() {
    return this.request({ type: "state" });
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#socket.send(JSON.stringify({ type: "close" }));
    } catch {
      // Already going.
    }
    this.#socket.close();
  }
}
