// An episode as played or loaded: what the views draw, what export writes and what replay steps through.
export const FORMAT = "envserver-episode/1";

/** A new episode from the reset reply (step 0 has no action). */
export function startEpisode(envId, resetOptions, reply) {
  return {
    format: FORMAT,
    env_id: envId,
    task_id: reply.metadata?.task_id ?? resetOptions.task_id ?? null,
    reset: resetOptions,
    steps: [record(0, null, reply)],
  };
}

export function addStep(episode, action, reply) {
  episode.steps.push(record(episode.steps.length, action, reply));
}

function record(step, action, reply) {
  return { step, action, observation: reply.observation, reward: reply.reward, done: reply.done, metadata: reply.metadata ?? {} };
}

export function isDone(episode) {
  return episode.steps.at(-1)?.done === true;
}

export function cumulativeReward(steps) {
  return steps.reduce((sum, s) => sum + (s.step === 0 ? 0 : Number(s.reward ?? 0)), 0);
}

export function graderScore(episode) {
  return episode.steps.at(-1)?.metadata?.grader_score ?? null;
}

/** The episode cut at `index` (inclusive): what replay shows at that step. */
export function prefix(episode, index) {
  return { ...episode, steps: episode.steps.slice(0, index + 1), horizon: lastStep(episode) };
}

/** The last step a chart's time axis should reach: the whole episode in replay, at least 10 steps. */
export function lastStep(episode) {
  return Math.max(episode.horizon ?? 0, episode.steps.length - 1, 10);
}

/** An episode read back from exported JSON; throws an Error naming what is wrong. */
export function parseEpisode(text) {
  let episode;
  try {
    episode = JSON.parse(text);
  } catch (error) {
    throw new Error(`Not JSON: ${error.message}`);
  }
  if (episode?.format !== FORMAT) throw new Error(`format: expected "${FORMAT}" (a file exported by this console)`);
  if (typeof episode.env_id !== "string") throw new Error("env_id: expected a string");
  if (!Array.isArray(episode.steps) || !episode.steps.length) throw new Error("steps: expected a non-empty array");
  episode.steps.forEach((s, i) => {
    if (typeof s?.observation !== "object" || s.observation === null) throw new Error(`steps.${i}.observation: expected an object`);
  });
  return episode;
}

export function toJson(episode) {
  return JSON.stringify(episode, null, 2);
}

/** One row per step: step, action, reward, cumulative reward, done, grader score, then the scalar observation fields. */
export function toCsv(episode) {
  const fields = [];
  for (const s of episode.steps) {
    for (const [name, value] of Object.entries(s.observation)) {
      if (value === null || typeof value !== "object") if (!fields.includes(name)) fields.push(name);
    }
  }
  const header = ["step", "action", "reward", "cumulative_reward", "done", "grader_score", ...fields];
  const rows = episode.steps.map((s, i) => [
    s.step, s.action === null ? "" : JSON.stringify(s.action), s.reward, cumulativeReward(episode.steps.slice(0, i + 1)),
    s.done, s.metadata?.grader_score ?? "", ...fields.map((f) => s.observation[f]),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}

function csvCell(value) {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
