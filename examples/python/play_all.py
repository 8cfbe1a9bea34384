#!/usr/bin/env python3
"""Plays every task of every environment an EnvServer serves, over WebSocket and over HTTP, with the example
client, and checks what RL and TRL users rely on. Exits 1 if any check fails.

    /usr/bin/python3 examples/python/play_all.py --url http://127.0.0.1:8000 [--connections 200 --idle 25]

Environments and tasks are read from GET /envs; actions are drawn from each environment's action schema, or
from the observation's action mask when there is one (polypharmacy), with a seeded random policy so that the
same seeds must give the same trajectory on every transport.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys
import time
import traceback
from typing import Any, Callable, Optional

from envserver_client import EnvHttpClient, EnvServerError, EnvSession, StepResult

GRADER_RANGE = (0.001, 0.999)
# Longer episodes are truncated through the max_steps reset option, which also shows that options reach the env.
STEP_CAP = 60
# A reset key no environment declares: OpenEnv passes it through, ours reports it in metadata.ignored_reset_keys.
DATASET_COLUMN = "trl_dataset_column"


class Env:
    """What /envs says about one environment, plus the probes its reset options allow."""

    def __init__(self, listing: dict):
        self.id: str = listing["id"]
        self.tasks: list[str] = [t["id"] for t in listing["tasks"]]
        self.action_schema: dict = listing["schema"]["action"]
        self.reset_options: dict = listing["schema"].get("reset", {}).get("properties", {})

    def reset_kwargs(self, seed: int, task: str) -> dict:
        """Seed, task, one unknown dataset column, and every option probe this env's reset schema allows."""
        kwargs: dict[str, Any] = {"seed": seed, "task_id": task, DATASET_COLUMN: "ignored"}
        for name, (value, _) in OPTION_PROBES.items():
            if name in self.reset_options:
                kwargs[name] = value
        return kwargs


def _capped(steps: list[StepResult]) -> None:
    assert len(steps) - 1 <= STEP_CAP, f"max_steps={STEP_CAP} ignored: the episode took {len(steps) - 1} steps"


def _fast_integrator(steps: list[StepResult]) -> None:
    assert steps[0].metadata.get("integrator") == "fast", f"integrator option not applied: {steps[0].metadata}"


def _clamped(steps: list[StepResult]) -> None:
    bad = [s.reward for s in steps[1:] if not GRADER_RANGE[0] <= s.reward <= GRADER_RANGE[1]]
    assert not bad, f"reward_mode=clamped ignored: rewards {bad[:5]} outside {GRADER_RANGE}"


def _unshaped(steps: list[StepResult]) -> None:
    bad = [(s.reward, s.metadata.get("raw_outcome")) for s in steps[1:] if s.reward != s.metadata.get("raw_outcome")]
    assert not bad, f"shaping=false ignored: (reward, raw_outcome) {bad[:5]}"


# Reset option name -> (value sent, check on the episode played with it); used where the env declares the option.
OPTION_PROBES: dict[str, tuple[Any, Callable[[list[StepResult]], None]]] = {
    "max_steps": (STEP_CAP, _capped),
    "integrator": ("fast", _fast_integrator),
    "reward_mode": ("clamped", _clamped),
    "shaping": (False, _unshaped),
}


# ---------------------------------------------------------------- policies

MASK_SLOTS = 15
INTERVENTIONS = ["stop", "dose_reduce", "substitute", "add_monitoring"]


def mask_action(observation: dict, rng: random.Random) -> dict:
    """A valid polypharmacy action drawn from the action mask, decoded as the observation schema documents it:
    [0] finish_review; [1..105] query_ddi of slot pairs i<j, row-major; [106..] 106 + 4*slot + intervention type."""
    mask = observation["action_mask"]
    valid = [i for i, flag in enumerate(mask) if flag == 1.0]
    assert valid, "action mask has no valid action before the episode ended"
    # finish_review ends the review, so prefer the other actions to play longer episodes.
    index = rng.choice([i for i in valid if i != 0] or valid)
    drug_in = {m["slot"]: m for m in observation["current_medications"]}
    if index == 0:
        return {"action_type": "finish_review"}
    pairs = [(i, j) for i in range(MASK_SLOTS) for j in range(i + 1, MASK_SLOTS)]
    if index <= len(pairs):
        first, second = pairs[index - 1]
        return {"action_type": "query_ddi", "drug_id_1": drug_in[first]["drug_id"], "drug_id_2": drug_in[second]["drug_id"]}
    slot, kind = divmod(index - 1 - len(pairs), len(INTERVENTIONS))
    medication = drug_in[slot]
    action = {"action_type": "propose_intervention", "target_drug_id": medication["drug_id"], "intervention_type": INTERVENTIONS[kind]}
    if INTERVENTIONS[kind] == "substitute":
        action["proposed_new_drug_id"] = rng.choice(medication["substitutes"])["drug_id"]
    return action


def schema_action(schema: dict, rng: random.Random) -> dict:
    """A valid action from the JSON schema: each required field drawn within its declared range or enum."""
    action = {}
    for name in schema.get("required", []):
        spec = schema["properties"][name]
        if "enum" in spec:
            action[name] = rng.choice(spec["enum"])
        elif spec.get("type") == "integer":
            action[name] = rng.randint(int(spec.get("minimum", 0)), int(spec.get("maximum", 1)))
        elif spec.get("type") == "number":
            # drug-dose declares no bounds (doses are clipped); [0, 1] is its default max_dose.
            action[name] = rng.uniform(spec.get("minimum", 0.0), spec.get("maximum", 1.0))
        else:
            raise AssertionError(f"no policy for field {name!r} of type {spec.get('type')!r}")
    return action


def choose(env: Env, observation: dict, rng: random.Random) -> dict:
    return mask_action(observation, rng) if "action_mask" in observation else schema_action(env.action_schema, rng)


# ---------------------------------------------------------------- episodes


def check_episode(env: Env, kwargs: dict, steps: list[StepResult], actions: list[dict]) -> None:
    first, last = steps[0], steps[-1]
    assert first.metadata.get("task_id") == kwargs["task_id"], f"task_id not applied: {first.metadata.get('task_id')}"
    assert first.metadata.get("seed") == kwargs["seed"], f"seed not applied: {first.metadata.get('seed')}"
    assert DATASET_COLUMN in first.metadata.get("ignored_reset_keys", []), "unknown reset key not reported as ignored"
    assert last.done, f"episode not over after {len(actions)} steps"
    assert all(not s.done for s in steps[:-1]), "done before the last step"
    for s in steps[1:]:
        assert isinstance(s.reward, (int, float)) and math.isfinite(s.reward), f"reward {s.reward!r} not a finite number"
    score = last.metadata.get("grader_score")
    assert isinstance(score, (int, float)) and GRADER_RANGE[0] <= score <= GRADER_RANGE[1], f"grader_score {score!r} outside {GRADER_RANGE}"
    assert last.metadata.get("step_count") == len(actions), f"metadata.step_count {last.metadata.get('step_count')} != {len(actions)}"
    if "action_mask" in first.observation:
        rejected = [(a, s.observation.get("last_action_error")) for a, s in zip(actions, steps[1:]) if s.observation.get("last_action_error")]
        assert not rejected, f"actions the mask allowed were rejected: {rejected[:3]}"
    for name, (_, probe) in OPTION_PROBES.items():
        if name in kwargs:
            probe(steps)


def trajectory(steps: list[StepResult]) -> list[tuple]:
    """What must repeat for equal seeds: observations, rewards, done (metadata holds per-run ids)."""
    return [(json.dumps(s.observation, sort_keys=True), s.reward, s.done) for s in steps]


class HttpTransport:
    """EnvHttpClient behind the EnvSession interface, so one episode loop drives both transports."""

    def __init__(self, client: EnvHttpClient):
        self.client = client

    async def reset(self, **kwargs: Any) -> StepResult:
        result = self.client.reset(**kwargs)
        assert self.client.session_id, "POST /reset returned no X-Session-Id"
        return result

    async def step(self, action: dict) -> StepResult:
        return self.client.step(action)

    async def state(self) -> dict:
        return self.client.state()


async def play(session: Any, env: Env, kwargs: dict, policy_seed: int) -> list[StepResult]:
    rng = random.Random(policy_seed)
    steps, actions = [await session.reset(**kwargs)], []
    while not steps[-1].done and len(actions) < 10_000:
        actions.append(choose(env, steps[-1].observation, rng))
        steps.append(await session.step(actions[-1]))
    check_episode(env, kwargs, steps, actions)
    state = await session.state()
    assert state.get("step_count") == len(actions), f"state() step_count {state.get('step_count')} != {len(actions)}"
    return steps


# ---------------------------------------------------------------- checks


class Report:
    def __init__(self) -> None:
        self.passed = 0
        self.failures: list[str] = []
        self.episodes = 0
        self.steps = 0

    def record(self, name: str, error: Optional[BaseException]) -> None:
        if error is None:
            self.passed += 1
            return
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        self.failures.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}", flush=True)


async def check_task(args: argparse.Namespace, env: Env, task: str, seed: int, report: Report) -> None:
    """Same seed => same trajectory: twice on one WS connection (reset repeated) and once over HTTP."""
    kwargs = env.reset_kwargs(seed, task)
    async with await EnvSession.connect(args.url, env.id, args.api_key) as session:
        first = await play(session, env, kwargs, policy_seed=seed)
        again = await play(session, env, kwargs, policy_seed=seed)
    assert trajectory(first) == trajectory(again), "reset with the same seed on one connection gave another trajectory"
    client = EnvHttpClient(args.url, env.id, args.api_key)
    try:
        over_http = await play(HttpTransport(client), env, kwargs, policy_seed=seed)
    finally:
        client.close()
    assert trajectory(first) == trajectory(over_http), "HTTP gave another trajectory than WS for the same seeds"
    report.episodes += 3
    report.steps += 3 * (len(first) - 1)
    print(f"  {env.id}/{task}: {len(first) - 1} steps, grader_score {first[-1].metadata['grader_score']:.3f}, "
          f"WS x2 = HTTP", flush=True)


async def check_validation(args: argparse.Namespace, env: Env, report: Report) -> None:
    """A bad reset kwarg or action gets VALIDATION_ERROR naming the field, and the session goes on."""
    rng = random.Random(0)
    async with await EnvSession.connect(args.url, env.id, args.api_key) as session:
        try:
            await session.reset(task_id="no_such_task")
            raise AssertionError("an unknown task_id was accepted")
        except EnvServerError as error:
            assert error.code == "VALIDATION_ERROR" and ["task_id"] in [e.get("loc") for e in error.data.get("errors", [])], f"bad task_id: {error.data}"
        result = await session.reset(seed=1)
        bad = dict(choose(env, result.observation, rng), bogus_field=1)
        try:
            await session.step(bad)
            raise AssertionError("an action with an unknown field was accepted over WS")
        except EnvServerError as error:
            assert error.code == "VALIDATION_ERROR", f"expected VALIDATION_ERROR, got {error.code}"
            locs = [e.get("loc") for e in error.data.get("errors", [])]
            assert ["bogus_field"] in locs, f"error does not name bogus_field: {error.data}"
        after = await session.step(choose(env, result.observation, rng))
        assert after.metadata.get("step_count") == 1, f"session lost after VALIDATION_ERROR: {after.metadata}"
    client = EnvHttpClient(args.url, env.id, args.api_key)
    try:
        client.reset(seed=1)
        try:
            client.step(bad)
            raise AssertionError("an action with an unknown field was accepted over HTTP")
        except EnvServerError as error:
            assert error.status == 422, f"expected HTTP 422, got {error.status}"
            assert "bogus_field" in json.dumps(error.data), f"422 does not name bogus_field: {error.data}"
    finally:
        client.close()


async def check_idle_connections(args: argparse.Namespace, envs: list[Env], report: Report) -> str:
    """TRL's pool: many WebSockets opened together, left idle, then each plays reset + step."""
    started = time.monotonic()
    sessions = await asyncio.gather(*(EnvSession.connect(args.url, envs[i % len(envs)].id, args.api_key) for i in range(args.connections)))
    opened = time.monotonic() - started
    try:
        health = EnvHttpClient(args.url, api_key=args.api_key).health()
        assert health.get("active_sessions", args.connections) >= args.connections, f"server counts fewer sessions: {health}"
        await asyncio.sleep(args.idle)

        async def use(index: int, session: EnvSession) -> None:
            env = envs[index % len(envs)]
            first = await session.reset(seed=index, task_id=env.tasks[index % len(env.tasks)], episode_id=f"trl-{index}")
            assert first.metadata.get("episode_id") == f"trl-{index}", f"episode_id not applied: {first.metadata}"
            after = await session.step(choose(env, first.observation, random.Random(index)))
            assert after.metadata.get("step_count") == 1, f"step after idle failed: {after.metadata}"

        results = await asyncio.gather(*(use(i, s) for i, s in enumerate(sessions)), return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        assert not errors, f"{len(errors)} of {args.connections} idle connections failed, first: {errors[0]!r}"
    finally:
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    return f"{args.connections} WebSockets opened in {opened:.2f} s, idle {args.idle:g} s, then reset+step on each: all succeeded"


async def check_api_key(args: argparse.Namespace, env: Env) -> str:
    """The server was started with this key: without it, HTTP and the WebSocket upgrade are both refused with 401."""
    keyless = EnvHttpClient(args.url, env.id)
    try:
        keyless.schema()
        http_status = 200
    except EnvServerError as error:
        http_status = error.status
    finally:
        keyless.close()
    try:
        await (await EnvSession.connect(args.url, env.id)).close()
        ws_status = 101
    except EnvServerError as error:
        ws_status = error.status
    assert (http_status, ws_status) == (401, 401), f"without the key: HTTP {http_status}, WebSocket upgrade {ws_status}"
    return "requests without the key refused (401 on HTTP and on the upgrade)"


async def run(args: argparse.Namespace) -> Report:
    report = Report()
    http = EnvHttpClient(args.url, api_key=args.api_key)
    health = http.health()
    assert health.get("status") == "healthy", f"/health: {health}"
    envs = [Env(listing) for listing in http.envs()["environments"]]
    http.close()
    assert envs, "/envs lists no environment"
    print(f"{len(envs)} environments: " + ", ".join(f"{e.id} ({len(e.tasks)} tasks)" for e in envs), flush=True)

    async def attempt(name: str, check: Any) -> Any:
        try:
            value = await check
            report.record(name, None)
            return value
        except Exception as error:  # every failure is reported, then the next check runs
            report.record(name, error)
            return None

    for env in envs:
        for index, task in enumerate(env.tasks):
            await attempt(f"{env.id}/{task} episodes", check_task(args, env, task, args.seed + index, report))
        await attempt(f"{env.id} validation error", check_validation(args, env, report))
    if args.api_key:
        print("  api key: " + str(await attempt("api key", check_api_key(args, envs[0]))), flush=True)
    summary = await attempt("idle connections", check_idle_connections(args, envs, report))
    if summary:
        print("  " + summary, flush=True)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="server root (default %(default)s)")
    parser.add_argument("--api-key", default=None, help="sent as Authorization: Bearer when the server has API_KEY set")
    parser.add_argument("--connections", type=int, default=200, help="concurrent idle WebSockets (default %(default)s)")
    parser.add_argument("--idle", type=float, default=25.0, help="seconds the connections stay idle; past 20 s both sides' pings run (default %(default)s)")
    parser.add_argument("--seed", type=int, default=11, help="first episode seed (default %(default)s)")
    args = parser.parse_args()

    started = time.monotonic()
    try:
        report = asyncio.run(run(args))
    except Exception as error:  # the server could not even be listed: one failure, said plainly
        print(f"FAIL listing environments at {args.url}: {error}")
        print("play_all: 0 checks passed, 1 failed")
        return 1
    print(f"{report.episodes} episodes ({report.steps} steps) played, {time.monotonic() - started:.1f} s")
    print(f"play_all: {report.passed} checks passed, {len(report.failures)} failed")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
