#!/usr/bin/env python3
"""TRL GRPO on EnvServer's polypharmacy environment through `environment_factory`.

Written to TRL's documented interface, "OpenEnv Integration for Training LLMs with Environments":
https://huggingface.co/docs/trl/en/openenv (source: huggingface/trl, docs/source/openenv.md), section
"How environment_factory works": the trainer creates one instance per generation with no arguments,
calls `reset(**dataset_columns)` at the start of each episode (it returns the first observation text),
exposes every other public method as a tool built from its type hints and docstring `Args:`, feeds a
tool's exception message back to the model, and gives the reward function the instances as `environments`.

UNTESTED WITH TRL: TRL cannot be installed where this project is built and tested, so `train()` has never
run. What is tested (in CI, `--self-test`) is the environment class itself, driven as TRL drives it,
against a live EnvServer. `trl` and `datasets` are imported only inside `train()`.

    # a running server: dotnet run --project src/EnvServer.Api  (listens on :8000)
    /usr/bin/python3 examples/python/trl_polypharmacy.py --self-test --url http://127.0.0.1:8000
    python trl_polypharmacy.py --url http://127.0.0.1:8000 --model Qwen/Qwen3-0.6B   # needs trl, datasets, a GPU
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
import time
from typing import Optional

from envserver_client import EnvServerError, StepResult, SyncEnvSession

# TRL calls the class with no arguments, so configuration lives at module level (as TRL's docs advise).
ENV_URL = os.environ.get("ENVSERVER_URL", "http://127.0.0.1:8000")
API_KEY = os.environ.get("API_KEY") or None
ENV_ID = "polypharmacy"
# Columns that describe the conversation, not the episode; the rest (task_id, seed, patient_index, ...)
# go to the server's reset, which ignores keys it does not know.
CONVERSATION_COLUMNS = ("prompt", "completion")

SYSTEM_PROMPT = (
    "You are a clinical pharmacist reviewing an older patient's medications. Use query_interaction to check "
    "drug pairs, propose_intervention to stop, reduce, substitute or monitor a drug, and finish_review when done. "
    "Budgets are limited; unsafe or invalid actions cost reward."
)


class PolypharmacyReviewEnv:
    """One medication review per episode over one persistent WebSocket; `reward` is the episode's grader_score
    in [0.001, 0.999] once the review is finished, 0.0 while it is not (so an unfinished review scores lowest)."""

    def __init__(self):
        # Opened at the first reset: TRL builds instances before it needs them.
        self._client: Optional[SyncEnvSession] = None
        self._last: Optional[StepResult] = None
        self.reward = 0.0
        self.done = False

    def reset(self, **kwargs) -> str | None:
        if self._client is None:
            self._client = SyncEnvSession(ENV_URL, ENV_ID, API_KEY)
        episode = {k: v for k, v in kwargs.items() if k not in CONVERSATION_COLUMNS}
        try:
            self._last = self._client.reset(**episode)
        except EnvServerError as error:
            # TRL keeps instances for the whole run; a connection closed meanwhile (SESSION_IDLE_TIMEOUT, a server
            # restart) loses nothing at a reset, so reconnect once.
            if error.code != "CONNECTION_CLOSED":
                raise
            self._client = SyncEnvSession(ENV_URL, ENV_ID, API_KEY)
            self._last = self._client.reset(**episode)
        self.reward = 0.0
        self.done = False
        return describe(self._last.observation)

    def query_interaction(self, drug_a: str, drug_b: str) -> str:
        """
        Look up the interaction between two of the patient's current drugs (uses one query of the budget).

        Args:
            drug_a: Drug id of the first drug, e.g. "warfarin".
            drug_b: Drug id of the second drug, different from drug_a.

        Returns:
            The interaction found (severity, recommendation, mechanism) and the remaining budgets.
        """
        return self._act({"action_type": "query_ddi", "drug_id_1": drug_a, "drug_id_2": drug_b})

    def propose_intervention(self, drug: str, intervention: str, new_drug: str | None = None, rationale: str | None = None) -> str:
        """
        Change one of the patient's current drugs (uses one intervention of the budget).

        Args:
            drug: Drug id of the medication to change.
            intervention: One of "stop", "dose_reduce", "substitute" or "add_monitoring".
            new_drug: For "substitute" only: drug id of the replacement, in the same class.
            rationale: A short clinical reason (recorded, does not change the reward).

        Returns:
            How the regimen's risk changed and the remaining budgets.
        """
        action = {"action_type": "propose_intervention", "target_drug_id": drug, "intervention_type": intervention}
        if new_drug is not None:
            action["proposed_new_drug_id"] = new_drug
        if rationale is not None:
            action["rationale"] = rationale
        return self._act(action)

    def finish_review(self) -> str:
        """
        End the medication review; the review is then scored.

        Returns:
            The final score of the review.
        """
        return self._act({"action_type": "finish_review"})

    def _act(self, action: dict) -> str:
        # TRL turns a tool's exception into the tool response, which is how the docs signal "game over".
        if self._client is None or self.done:
            raise ValueError("The review is finished." if self.done else "No review in progress.")
        before = self._last.observation
        try:
            self._last = self._client.step(action)
        except EnvServerError as error:
            if error.code != "VALIDATION_ERROR":
                raise
            reasons = "; ".join(f"{'.'.join(map(str, e.get('loc', [])))}: {e.get('msg')}" for e in error.data.get("errors", []))
            raise ValueError(f"Invalid arguments: {reasons or error.message}") from error
        self.done = self._last.done
        if self.done:
            self.reward = float(self._last.metadata["grader_score"])
            return f"Review finished. Score: {self.reward:.3f}"
        return describe_change(before, self._last.observation)


def describe(observation: dict) -> str:
    """The first observation as text for the model: patient, regimen with Beers flags, budgets."""
    lines = [
        f"Patient {observation['patient_id']}: {observation['age']} {observation['sex']}, conditions: "
        f"{', '.join(observation['conditions']) or 'none'}; kidney {observation['egfr_category']}, liver {observation['liver_function_category']}.",
        "Current medications:",
    ]
    for med in observation["current_medications"]:
        flags = "; ".join(f"Beers {b['criterion']}: {b['rationale']}" for b in med["beers_flags"])
        notes = [f"{med['dose_mg']:g} mg", "high-risk in elderly" if med["high_risk_elderly"] else "", flags,
                 f"substitutes: {', '.join(s['drug_id'] for s in med['substitutes'])}" if med["substitutes"] else ""]
        lines.append(f"- {med['drug_id']} ({med['atc_class_name']}): " + "; ".join(n for n in notes if n))
    return "\n".join(lines + [budgets(observation)])


def describe_change(before: dict, after: dict) -> str:
    """A tool's reply: only what the action changed (as TRL's Wordle example slices new feedback), then the budgets."""
    lines = [f"Interaction {q['drug_id_1']} + {q['drug_id_2']}: {q['severity']}, {q['recommendation']}."
             for q in after["interaction_queries"][len(before["interaction_queries"]):]]
    for change in after["interventions"][len(before["interventions"]):]:
        lines.append(f"Done: {change['intervention_type']} {change['target_drug_id']} (regimen risk reduced by {change['delta_risk']:.3f}). "
                     f"Current medications: {', '.join(m['drug_id'] for m in after['current_medications'])}.")
    if after.get("last_action_error"):
        lines.append(f"Invalid action: {after['last_action_error']}")
    return "\n".join(lines + [budgets(after)])


def budgets(observation: dict) -> str:
    return (f"Budgets: {observation['remaining_query_budget']} queries, {observation['remaining_intervention_budget']} "
            f"interventions, {observation['remaining_steps']} steps.")


def reward_func(environments, **kwargs) -> list[float]:
    return [environment.reward for environment in environments]


def train(model: str, tasks: list[str], episodes: int) -> None:
    """GRPO as TRL documents it. Untested here (no TRL); imports are local so the module loads without TRL."""
    from datasets import Dataset
    from trl import GRPOConfig, GRPOTrainer

    prompt = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": "Review this patient's medications."}]
    dataset = Dataset.from_dict({
        "prompt": [prompt] * episodes,
        "task_id": [tasks[i % len(tasks)] for i in range(episodes)],
        "seed": list(range(episodes)),
    })
    trainer = GRPOTrainer(
        model=model,
        train_dataset=dataset,
        reward_funcs=reward_func,
        args=GRPOConfig(chat_template_kwargs={"enable_thinking": False}, max_completion_length=2048, log_completions=True),
        environment_factory=PolypharmacyReviewEnv,
    )
    trainer.train()


# ---------------------------------------------------------------- self-test (no TRL)


def tools_of(env: object) -> list[str]:
    """The methods TRL exposes as tools: public, callable, not reset."""
    return [name for name, _ in inspect.getmembers(env, inspect.ismethod) if not name.startswith("_") and name != "reset"]


def self_test(instances: int) -> None:
    """Drives the class as TRL would: a pool of instances built without arguments, reset with dataset columns,
    tools called with the model's arguments, reward read from `environments`, instances reused for new episodes."""
    assert "trl" not in sys.modules, "importing this module imported trl"
    tools = tools_of(PolypharmacyReviewEnv())
    assert sorted(tools) == ["finish_review", "propose_intervention", "query_interaction"], f"tools exposed: {tools}"
    for name in tools:
        method = getattr(PolypharmacyReviewEnv, name)
        params = [p for p in inspect.signature(method).parameters if p != "self"]
        assert method.__doc__ and (not params or "Args:" in method.__doc__), f"{name} lacks the docstring TRL builds its schema from"
        assert all(p in method.__doc__ for p in params), f"{name}'s docstring does not describe every argument"

    pool = [PolypharmacyReviewEnv() for _ in range(instances)]
    tasks = ["easy_screening", "budgeted_screening", "complex_tradeoff"]
    first_texts: dict[int, str] = {}
    for round_ in range(2):  # the second round reuses every instance, as TRL's pool does across batches
        for index, env in enumerate(pool):
            columns = {"prompt": [{"role": "user", "content": "Review."}], "task_id": tasks[index % 3], "seed": index}
            text = env.reset(**columns)
            assert isinstance(text, str) and "Current medications:" in text, f"reset returned {text!r}"
            assert env.reward == 0.0 and not env.done, "reset did not clear the reward"
            if round_ == 0:
                first_texts[index] = text
            else:
                assert text == first_texts[index], "the same seed and task gave another first observation on reuse"
            play(env)
    # A connection the server closed in the meantime (idle timeout, restart) is reopened by the next reset.
    pool[0]._client.close()
    assert "Current medications:" in pool[0].reset(task_id=tasks[0], seed=0), "reset after a closed connection failed"
    play(pool[0])
    rewards = reward_func(environments=pool)
    assert all(0.001 <= r <= 0.999 for r in rewards), f"rewards outside the grader range: {rewards}"
    for env in pool:
        env._client.close()


def play(env: PolypharmacyReviewEnv) -> None:
    observation = env._last.observation
    try:
        env.query_interaction("warfarin", "not_a_drug")
        raise AssertionError("an unknown drug id was accepted")
    except ValueError as error:
        assert "drug_id_2" in str(error), f"the invalid-argument message does not name the field: {error}"
    pair = observation["valid_query_pairs"][0]
    reply = env.query_interaction(*pair)
    assert f"Interaction {pair[0]} + {pair[1]}" in reply or f"Interaction {pair[1]} + {pair[0]}" in reply, reply
    target = next(m for m in observation["current_medications"] if "add_monitoring" in m["valid_interventions"])
    reply = env.propose_intervention(target["drug_id"], "add_monitoring", rationale="self-test")
    assert f"Done: add_monitoring {target['drug_id']}" in reply, reply
    assert env.finish_review().startswith("Review finished."), "finish_review did not end the review"
    assert env.done and 0.001 <= env.reward <= 0.999, f"reward {env.reward} after the review"
    try:
        env.finish_review()
        raise AssertionError("a tool call after the end was accepted")
    except ValueError as error:
        assert "finished" in str(error)


def main() -> int:
    global ENV_URL
    parser = argparse.ArgumentParser(description="TRL environment_factory wrapper for EnvServer's polypharmacy environment")
    parser.add_argument("--url", default=ENV_URL, help="server root (default %(default)s, or ENVSERVER_URL)")
    parser.add_argument("--self-test", action="store_true", help="drive the wrapper without TRL against the server, then exit")
    parser.add_argument("--instances", type=int, default=8, help="self-test: wrapper instances in the pool (default %(default)s)")
    parser.add_argument("--model", default="Qwen/Qwen3-0.6B", help="training: model to train (default %(default)s)")
    parser.add_argument("--episodes", type=int, default=256, help="training: dataset rows (default %(default)s)")
    args = parser.parse_args()
    ENV_URL = args.url
    if args.self_test:
        started = time.monotonic()
        self_test(args.instances)
        print(f"trl_polypharmacy self-test: {args.instances} wrapper instances x 2 reviews passed in {time.monotonic() - started:.1f} s")
        return 0
    train(args.model, ["easy_screening", "budgeted_screening", "complex_tradeoff"], args.episodes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
