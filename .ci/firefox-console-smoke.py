#!/usr/bin/python3
"""The web console in Firefox, which Playwright cannot drive here (it needs its own Firefox build): Debian's
firefox-esr over WebDriver BiDi against the built server on a loopback port. Chromium is covered by the Playwright
tests in tests/EnvServer.Api.Tests/Console. Prints one dotnet-style summary line that .ci/run adds to its totals,
and exits non-zero when a check fails or Firefox is missing."""
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import websockets

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER_DLL = os.path.join(ROOT, "src/EnvServer.Api/bin/Debug/net10.0/EnvServer.Api.dll")

# Each check runs in the page and returns a string; wait() polls a condition for up to 10 s.
PRELUDE = """
const wait = async (f, what) => { for (let i = 0; i < 200; i++) { if (f()) return; await new Promise(r => setTimeout(r, 50)); } throw new Error('timed out waiting for ' + what); };
const $ = (id) => document.getElementById(id);
const choose = (id, value) => { $(id).value = value; $(id).dispatchEvent(new Event('change')); };
const reset = async (env, task, seed) => {
  await wait(() => document.querySelectorAll('#env option').length === 4, 'the environments');
  choose('env', env); choose('task', task); $('seed').value = seed; $('reset').click();
  await wait(() => $('summary-env')?.textContent === env + ' / ' + task && $('summary-step').textContent === '0', 'the reset');
};
"""

CHECKS = {
    "hiv: 10 steps with the buttons draw 11 points and 10 regimen bands": """
      await reset('hiv', 'default_patient', '7');
      const actions = [3, 3, 3, 0, 0, 1, 2, 3, 0, 3];
      for (let i = 0; i < actions.length; i++) {
        await wait(() => !$('actions-fieldset').disabled, 'the controls');
        document.querySelector(`button.action[data-action='${actions[i]}']`).click();
        await wait(() => $('summary-step').textContent === String(i + 1), 'step ' + (i + 1));
      }
      const points = document.querySelector("#observation path.series[data-series='viral load']").dataset.points;
      const bands = document.querySelectorAll('#observation rect.band').length;
      return points === '11' && bands === 10 ? 'ok' : `points ${points}, bands ${bands}`;
    """,
    "polypharmacy: the heuristic baseline finishes with a grader score": """
      await reset('polypharmacy', 'easy_screening', '3');
      choose('policy', 'baseline'); $('delay').value = '0'; $('run').click();
      await wait(() => document.querySelector('#actions .done'), 'the end of the episode');
      const score = Number($('summary-grader-score').textContent);
      return score >= 0.001 && score <= 0.999 ? 'ok' : 'grader score ' + $('summary-grader-score').textContent;
    """,
    "drug-dose: a negative dose is caught in the page": """
      await reset('drug-dose', 'fixed_patient', '1');
      $('dose-input').value = '-0.5'; $('dose-submit').click();
      await wait(() => !$('errors').hidden, 'the error');
      const text = $('errors').textContent;
      return text === 'dose: -0.5 is outside 0 – 1.' && $('summary-step').textContent === '0' ? 'ok' : 'errors: ' + text;
    """,
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {seconds} s")


async def bidi(port):
    for _ in range(120):
        try:
            return await websockets.connect(f"ws://127.0.0.1:{port}/session", max_size=50_000_000)
        except OSError:
            await asyncio.sleep(0.5)
    raise TimeoutError("Firefox's WebDriver BiDi endpoint did not open")


async def run_checks(server_url, bidi_port):
    ws = await bidi(bidi_port)
    ids = iter(range(1, 1_000_000))

    async def call(method, params):
        request_id = next(ids)
        await ws.send(json.dumps({"id": request_id, "method": method, "params": params}))
        while True:
            message = json.loads(await ws.recv())
            if message.get("id") == request_id:
                if message.get("type") == "error":
                    raise RuntimeError(f"{method}: {message.get('error')}: {message.get('message')}")
                return message["result"]

    await call("session.new", {"capabilities": {}})
    context = (await call("browsingContext.getTree", {}))["contexts"][0]["context"]
    await call("browsingContext.setViewport", {"context": context, "viewport": {"width": 1280, "height": 900}})
    results = {}
    for name, body in CHECKS.items():
        # A fresh page per check.
        await call("browsingContext.navigate", {"context": context, "url": server_url, "wait": "complete"})
        reply = await call("script.evaluate", {
            "expression": f"(async () => {{ {PRELUDE} {body} }})()",
            "target": {"context": context}, "awaitPromise": True,
        })
        if reply.get("type") == "exception":
            results[name] = reply["exceptionDetails"].get("text", "exception")
        else:
            results[name] = reply["result"].get("value")
    await ws.close()
    return results


def main():
    server_port, bidi_port = free_port(), free_port()
    server_url = f"http://127.0.0.1:{server_port}/"
    env = dict(os.environ, HF_TOKEN="", OPENAI_API_KEY="", API_KEY="")
    server = subprocess.Popen(["dotnet", SERVER_DLL, "--urls", server_url.rstrip("/")], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    firefox = None
    try:
        wait_http(server_url + "health", 60)
        profile = tempfile.mkdtemp(prefix="console-firefox-")
        firefox = subprocess.Popen(["firefox", "--headless", "--no-remote", "--profile", profile, f"--remote-debugging-port={bidi_port}"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results = asyncio.run(asyncio.wait_for(run_checks(server_url, bidi_port), 180))
    finally:
        for process in (firefox, server):
            if process:
                process.terminate()
                process.wait(15)
    failed = 0
    for name, result in results.items():
        print(f"  {'ok  ' if result == 'ok' else 'FAIL'} {name}" + ("" if result == "ok" else f": {result}"))
        failed += result != "ok"
    print(f"Firefox console smoke - Failed: {failed}, Passed: {len(results) - failed}, Skipped: 0")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
