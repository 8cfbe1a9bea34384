"""A minimal Python client for EnvServer: the OpenEnv WebSocket session protocol and the HTTP surface.

Only the standard library, `websockets` (the asyncio API, which Debian bookworm's python3-websockets 10.4
has) and `requests` are needed. The wire format is docs' "WebSocket /ws": one environment per connection,
one JSON reply per request, in order.

    async with await EnvSession.connect("http://127.0.0.1:8000", env_id="sepsis") as env:
        first = await env.reset(seed=7, task_id="observed_state")
        result = await env.step({"action": 4})

    http = EnvHttpClient("http://127.0.0.1:8000", env_id="sepsis")
    first = http.reset(seed=7)          # sends X-Session-Id: new; http.session_id names the session
    result = http.step({"action": 4})   # sent with the X-Session-Id header

`SyncEnvSession` wraps an `EnvSession` for synchronous callers (TRL's environment_factory classes): every
session in the process shares one event-loop thread, which also answers the server's pings while the
caller is idle.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import threading
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import quote, urlsplit, urlunsplit

import requests
import websockets

__all__ = ["EnvServerError", "StepResult", "EnvSession", "SyncEnvSession", "EnvHttpClient", "base_path"]

# Replies are far below this; the library's 1 MiB default is what broke old OpenEnv clients.
MAX_FRAME_BYTES = 16 * 1024 * 1024


class EnvServerError(Exception):
    """An error the server answered: `code` is the WebSocket error code (VALIDATION_ERROR, CAPACITY_REACHED, ...)
    or HTTP_<status> for an HTTP reply; `data` is the whole error object (e.g. `errors` or `detail`)."""

    def __init__(self, code: str, message: str, data: Optional[dict] = None, status: Optional[int] = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.data = data or {}
        self.status = status


@dataclass
class StepResult:
    """One observation envelope: the observation, the reward beside it, done, and the top-level metadata."""

    observation: dict
    reward: Optional[float]
    done: bool
    metadata: dict = field(default_factory=dict)

    @classmethod
    def from_wire(cls, payload: dict) -> "StepResult":
        return cls(
            observation=payload.get("observation") or {},
            reward=payload.get("reward"),
            done=bool(payload.get("done", False)),
            metadata=payload.get("metadata") or {},
        )


def base_path(url: str, env_id: Optional[str]) -> str:
    """The environment's surface: the server root for the default environment, /envs/<id> otherwise."""
    url = url.rstrip("/")
    return url if env_id is None else f"{url}/envs/{quote(env_id, safe='')}"


def _ws_url(http_url: str) -> str:
    parts = urlsplit(http_url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + "/ws", parts.query, ""))


def _auth_headers(api_key: Optional[str]) -> dict:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


def _connect_kwargs(api_key: Optional[str]) -> dict:
    kwargs: dict[str, Any] = {"max_size": MAX_FRAME_BYTES, "open_timeout": 30}
    if api_key:
        # websockets 10.x (Debian bookworm) names the option extra_headers; the asyncio API of 14+ additional_headers.
        name = "additional_headers" if "additional_headers" in inspect.signature(websockets.connect).parameters else "extra_headers"
        kwargs[name] = _auth_headers(api_key)
    return kwargs


class EnvSession:
    """One WebSocket session (= one environment instance) on /ws. Not safe for concurrent calls: the protocol has
    no request ids, so each call sends one frame and reads the next one."""

    def __init__(self, socket: Any, timeout: float):
        self._socket = socket
        self._timeout = timeout

    @classmethod
    async def connect(cls, url: str, env_id: Optional[str] = None, api_key: Optional[str] = None, timeout: float = 60.0) -> "EnvSession":
        try:
            socket = await websockets.connect(_ws_url(base_path(url, env_id)), **_connect_kwargs(api_key))
        except websockets.exceptions.InvalidHandshake as refused:
            # A refused upgrade (401 without the key, 404 for an unknown env): 10.x has status_code, 14+ response.
            status = getattr(refused, "status_code", None) or getattr(getattr(refused, "response", None), "status_code", None)
            raise EnvServerError(f"HTTP_{status}", f"WebSocket upgrade refused: {refused}", status=status) from refused
        return cls(socket, timeout)

    async def __aenter__(self) -> "EnvSession":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def reset(self, **kwargs: Any) -> StepResult:
        """Start an episode; every keyword (seed, task_id, episode_id, environment options) goes to the server."""
        return StepResult.from_wire(await self._request({"type": "reset", "data": kwargs}, "observation"))

    async def step(self, action: dict) -> StepResult:
        """Apply the bare action object, e.g. {"action": 3} or {"dose": 0.4}."""
        return StepResult.from_wire(await self._request({"type": "step", "data": action}, "observation"))

    async def state(self) -> dict:
        return await self._request({"type": "state"}, "state")

    async def close(self) -> None:
        """Ask the server to end the session (it sends no reply), then close the socket."""
        try:
            await self._socket.send(json.dumps({"type": "close"}))
        except websockets.ConnectionClosed:
            pass
        await self._socket.close()

    async def _request(self, message: dict, expected: str) -> Any:
        try:
            await self._socket.send(json.dumps(message))
            reply = json.loads(await asyncio.wait_for(self._socket.recv(), self._timeout))
        except websockets.ConnectionClosed as closed:
            raise EnvServerError("CONNECTION_CLOSED", f"the server closed the connection ({closed})") from closed
        data = reply.get("data") or {}
        if reply.get("type") == "error":
            raise EnvServerError(str(data.get("code")), str(data.get("message")), data)
        if reply.get("type") != expected:
            raise EnvServerError("UNEXPECTED_REPLY", f"expected a {expected!r} frame, got {reply.get('type')!r}", reply)
        return data


class SyncEnvSession:
    """A blocking facade over `EnvSession`, for code that is not async (TRL calls environment methods directly)."""

    _loop: Optional[asyncio.AbstractEventLoop] = None
    _loop_lock = threading.Lock()

    def __init__(self, url: str, env_id: Optional[str] = None, api_key: Optional[str] = None, timeout: float = 60.0):
        self._timeout = timeout
        self._session: EnvSession = self._run(EnvSession.connect(url, env_id, api_key, timeout))

    @classmethod
    def _shared_loop(cls) -> asyncio.AbstractEventLoop:
        with cls._loop_lock:
            if cls._loop is None:
                cls._loop = asyncio.new_event_loop()
                threading.Thread(target=cls._loop.run_forever, name="envserver-ws", daemon=True).start()
            return cls._loop

    def _run(self, coroutine: Any) -> Any:
        # The reply timeout is enforced inside the coroutine; this bound only guards against a stuck loop.
        return asyncio.run_coroutine_threadsafe(coroutine, self._shared_loop()).result(self._timeout + 30)

    def reset(self, **kwargs: Any) -> StepResult:
        return self._run(self._session.reset(**kwargs))

    def step(self, action: dict) -> StepResult:
        return self._run(self._session.step(action))

    def state(self) -> dict:
        return self._run(self._session.state())

    def close(self) -> None:
        self._run(self._session.close())


class EnvHttpClient:
    """The HTTP surface. Bare POST /reset and /step are stateless on the server (as OpenEnv's reference), so the first
    reset asks for a session with "X-Session-Id: new"; the id comes back in X-Session-Id, and this client sends it on
    /step, /state and later resets, so one client plays whole episodes as WS does."""

    SESSION_HEADER = "X-Session-Id"
    NEW_SESSION = "new"

    def __init__(self, url: str, env_id: Optional[str] = None, api_key: Optional[str] = None, timeout: float = 60.0):
        self.root = url.rstrip("/")
        self.base = base_path(url, env_id)
        self.session_id: Optional[str] = None
        self._timeout = timeout
        self._http = requests.Session()
        self._http.headers.update(_auth_headers(api_key))

    def health(self) -> dict:
        return self._call("GET", f"{self.root}/health")

    def envs(self) -> dict:
        return self._call("GET", f"{self.root}/envs")

    def schema(self) -> dict:
        return self._call("GET", f"{self.base}/schema")

    def reset(self, **kwargs: Any) -> StepResult:
        session = self.session_id or self.NEW_SESSION
        return StepResult.from_wire(self._call("POST", f"{self.base}/reset", kwargs, session=session))

    def step(self, action: dict) -> StepResult:
        return StepResult.from_wire(self._call("POST", f"{self.base}/step", {"action": action}))

    def state(self) -> dict:
        return self._call("GET", f"{self.base}/state")

    def close(self) -> None:
        """Free the server-side session now rather than at its idle timeout."""
        if self.session_id is not None:
            self._call("POST", f"{self.base}/close")
            self.session_id = None
        self._http.close()

    def _call(self, method: str, url: str, body: Optional[dict] = None, session: Optional[str] = None) -> Any:
        session = session or self.session_id
        headers = {self.SESSION_HEADER: session} if session else {}
        response = self._http.request(method, url, json=body, headers=headers, timeout=self._timeout)
        try:
            payload = response.json()
        except ValueError:
            payload = {"detail": response.text}
        if response.status_code >= 400:
            detail = payload.get("detail") if isinstance(payload, dict) else payload
            raise EnvServerError(f"HTTP_{response.status_code}", json.dumps(detail), payload, response.status_code)
        if response.headers.get(self.SESSION_HEADER):
            self.session_id = response.headers[self.SESSION_HEADER]
        return payload
