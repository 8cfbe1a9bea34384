// Where a suggested or automatic action comes from: the model behind guardrails (/agent/suggest), the
// environment's heuristic baseline (/agent/baseline), or sepsis's exact reference optimum (the session's state).
import { fetchJson } from "./api.js";

export const POLICIES = {
  baseline: { label: "Heuristic baseline", applies: () => true },
  reference: { label: "Reference optimum (sepsis; sees the hidden state)", applies: (envId) => envId === "sepsis" },
  suggest: { label: "Suggestion (model, or heuristic without a key)", applies: () => true },
};

export function suggest(episode) {
  return fetchJson("/agent/suggest", request(episode));
}

/** The next action of `policy` for the episode's last observation, with a short note of who chose it. */
export async function nextAction(policy, episode, socket) {
  switch (policy) {
    case "baseline": {
      const reply = await fetchJson("/agent/baseline", request(episode));
      return { action: reply.action, by: reply.policy };
    }
    case "reference": {
      const state = await socket.state();
      if (!Number.isInteger(state.reference_action)) throw new Error("This session's state has no reference_action (sepsis only).");
      return { action: { action: state.reference_action }, by: "sepsis/reference_optimum" };
    }
    default: {
      const reply = await suggest(episode);
      return { action: reply.action, by: reply.source === "model" ? reply.model : reply.rationale?.split(" ")[0] ?? "heuristic" };
    }
  }
}

function request(episode) {
  return { observation: episode.steps.at(-1).observation, env_id: episode.env_id, task_id: episode.task_id };
}
