// The console: choose, reset, act, suggest, run a policy, export and replay; every step over /ws.
import { apiKey, setApiKey, fetchJson, ServerError } from "./api.js";
import { EnvSocket, ProtocolError } from "./session.js";
import { h, table } from "./dom.js";
import { formatNumber } from "./svg.js";
import { actionControls, rawActionForm } from "./controls.js";
import { optionsForm, readSeed } from "./options.js";
import { POLICIES, suggest, nextAction } from "./policy.js";
import * as episodes from "./episode.js";

// Each environment names its view module in GET /envs (view.console_module, from its spec); loaded once at start-up.
const VIEWS = {};
const GENERIC_VIEW = {
  actionLabel: (action) => JSON.stringify(action),
  render: (episode) => h("pre", {}, [JSON.stringify(episode.steps.at(-1).observation, null, 2)]),
};

const $ = (id) => document.getElementById(id);
const state = { envs: [], socket: null, socketEnv: null, episode: null, options: null, busy: false, running: false, suggestion: null };

const viewOf = (envId) => VIEWS[envId] ?? GENERIC_VIEW;

async function loadViews(envs) {
  await Promise.all(envs.map(async (env) => {
    const module = env.view?.console_module;
    if (!module || !/^[a-z0-9-]+$/.test(module)) return;
    try {
      VIEWS[env.id] = await import(`./views/${module}.js`);
    } catch {
      // No such module here: the environment gets the generic view.
    }
  }));
}
const currentEnv = () => state.envs.find((e) => e.id === $("env").value);

function announce(text) {
  $("announce").textContent = text;
}

/** Errors go to the role="alert" box alone (announced there), not also to the polite announcement line. */
function showError(text) {
  $("errors").textContent = text;
  $("errors").hidden = !text;
  if (text) announce("");
}

async function loadEnvironments() {
  try {
    const list = await fetchJson("/envs");
    state.envs = list.environments;
    await loadViews(state.envs);
    $("env").replaceChildren(...state.envs.map((e) => h("option", { value: e.id }, [`${e.name} (${e.id})`])));
    $("env").value = list.default_env;
    chooseEnvironment();
    showError("");
  } catch (error) {
    showError(error instanceof ServerError && error.status === 401
      ? "The server needs an API key: enter it above and press Use key."
      : `Could not load the environments: ${error.message}`);
  }
}

function chooseEnvironment() {
  const env = currentEnv();
  if (!env) return;
  $("task").replaceChildren(...env.tasks.map((t) => h("option", { value: t.id, title: t.description }, [`${t.id} (${t.difficulty})`])));
  $("task").value = env.default_task;
  $("env-description").textContent = env.description;
  state.options = optionsForm(env.schema.reset);
  $("env-options").replaceChildren(state.options.element);
  $("env-options-box").hidden = state.options.count === 0;
  $("policy").replaceChildren(...Object.entries(POLICIES).filter(([, p]) => p.applies(env.id)).map(([id, p]) => h("option", { value: id }, [p.label])));
}

async function reset(event) {
  event?.preventDefault();
  const env = currentEnv();
  if (!env || state.busy) return;
  const seed = readSeed($("seed").value);
  if (seed.error) return invalidInput(seed.error, $("seed"));
  const read = state.options.read();
  if (read.error) return invalidInput(read.error, read.control);
  stopRun();
  const options = { task_id: $("task").value, ...read.options };
  if (seed.seed !== null) options.seed = seed.seed;
  await busy(async () => {
    if (!state.socket || state.socket.closed || state.socketEnv !== env.id) {
      state.socket?.close();
      state.socket = await EnvSocket.open(env.id);
      state.socketEnv = env.id;
    }
    const reply = await state.socket.reset(options);
    state.episode = episodes.startEpisode(env.id, options, reply);
    state.suggestion = null;
    showError("");
    render();
    announce(`Episode started: ${env.id} / ${state.episode.task_id}, seed ${reply.metadata?.seed}.`);
  });
}

function invalidInput(message, control) {
  showError(message);
  control?.setAttribute("aria-invalid", "true");
  control?.focus();
}

/** Runs one exchange with the server, one at a time, reporting failures in the page. */
async function busy(work) {
  if (state.busy) return false;
  state.busy = true;
  document.body.setAttribute("aria-busy", "true");
  // The controls wait while the server answers (no click is lost), then focus goes back where it was.
  const focused = focusKey(document.activeElement);
  $("actions-fieldset").disabled = true;
  try {
    await work();
    return true;
  } catch (error) {
    if (error instanceof ProtocolError && error.recoverable) {
      showError(`The server rejected the request; the session goes on. ${error.message}`);
    } else {
      showError(error.message);
      if (error instanceof ProtocolError) state.socket = null;
    }
    return false;
  } finally {
    state.busy = false;
    document.body.removeAttribute("aria-busy");
    $("actions-fieldset").disabled = false;
    restoreFocus(focused);
  }
}

/** How to find a control again after the actions are drawn anew: its id, or its discrete action. */
function focusKey(element) {
  if (!element || element === document.body) return null;
  if (element.id) return `#${CSS.escape(element.id)}`;
  if (element.dataset.action !== undefined) return `button.action[data-action="${CSS.escape(element.dataset.action)}"]`;
  return null;
}

function restoreFocus(key) {
  if (!key || (document.activeElement && document.activeElement !== document.body)) return;
  const target = document.querySelector(key);
  if (target && !target.disabled) target.focus();
  else $("main").focus();
}

async function act(action) {
  const episode = state.episode;
  if (!episode) return invalidInput("Reset an episode first.");
  if (episodes.isDone(episode)) return invalidInput("The episode is over: reset to play another.");
  if (!state.socket || state.socket.closed) return invalidInput("The connection to the server is closed: reset to open a new one.");
  return busy(async () => {
    const reply = await state.socket.step(action);
    episodes.addStep(episode, action, reply);
    state.suggestion = null;
    showError("");
    render();
    const last = episode.steps.at(-1);
    let text = `Step ${last.step}: ${viewOf(episode.env_id).actionLabel(action)}, reward ${formatNumber(last.reward)}, return ${formatNumber(episodes.cumulativeReward(episode.steps))}.`;
    if (last.done) text += ` Episode over. Grader score ${formatNumber(episodes.graderScore(episode))}.`;
    announce(text);
  });
}

function render() {
  const episode = state.episode;
  const env = state.envs.find((e) => e.id === episode.env_id);
  const view = viewOf(episode.env_id);
  const last = episode.steps.at(-1);
  const done = episodes.isDone(episode);
  const score = episodes.graderScore(episode);

  $("summary").replaceChildren(
    summaryItem("Environment", `${episode.env_id} / ${episode.task_id}`, "env"),
    summaryItem("Seed", String(last.metadata?.seed ?? episode.reset.seed ?? "–"), "seed"),
    summaryItem("Step", String(last.step), "step"),
    summaryItem("Last reward", last.step ? formatNumber(last.reward) : "–", "reward"),
    summaryItem("Return", formatNumber(episodes.cumulativeReward(episode.steps)), "return"),
    summaryItem("Grader score", score === null ? (done ? "–" : "at the end") : formatNumber(score), "grader-score"),
  );
  $("observation").replaceChildren(view.render(episode));

  const maxDose = Number(episode.reset.max_dose ?? env?.schema.reset?.properties?.max_dose?.default ?? 1);
  const handlers = { submit: act, invalid: (message) => invalidInput(message) };
  $("actions").replaceChildren(...(done
    ? [h("p", { class: "done" }, [`Episode over${score === null ? "" : `: grader score ${formatNumber(score)}`}. Reset to play again.`])]
    : [actionControls({ schema: env.schema.action, view, observation: last.observation, maxDose, disabled: false, ...handlers }),
      rawActionForm({ disabled: false, ...handlers })]));
  $("log-section").hidden = false;
  $("step-log").replaceChildren(table("Steps", ["Step", "Action", "Reward", "Return", "Done"],
    episode.steps.slice(1).map((s, i) => [String(s.step), view.actionLabel(s.action), formatNumber(s.reward),
      formatNumber(episodes.cumulativeReward(episode.steps.slice(0, i + 2))), s.done ? "yes" : ""]).reverse()));
  renderSuggestion();
  for (const id of ["suggest", "run", "export-json", "export-csv", "replay-current"]) $(id).disabled = false;
  for (const id of ["suggest", "run"]) $(id).disabled = done;
}

function summaryItem(label, value, id) {
  return h("div", { class: "summary-item" }, [h("span", { class: "label", id: `summary-${id}-label` }, [label]),
    h("output", { id: `summary-${id}`, "aria-labelledby": `summary-${id}-label` }, [value])]);
}

async function askSuggestion() {
  if (!state.episode) return;
  await busy(async () => {
    state.suggestion = await suggest(state.episode);
    renderSuggestion();
    const s = state.suggestion;
    announce(`Suggestion: ${viewOf(state.episode.env_id).actionLabel(s.action)}${s.overridden ? " (a guardrail overrode the first choice)" : ""}.`);
  });
}

function renderSuggestion() {
  const s = state.suggestion;
  if (!s) return $("suggestion").replaceChildren();
  const view = viewOf(state.episode.env_id);
  $("suggestion").replaceChildren(...[
    h("p", {}, [h("strong", {}, ["Suggested: "]), view.actionLabel(s.action), ` (source: ${s.source}${s.model ? `, model ${s.model}` : ""})`]),
    s.rationale ? h("p", {}, [h("strong", {}, ["Rationale: "]), s.rationale]) : null,
    s.note ? h("p", { class: "note" }, [s.note]) : null,
    s.guardrails?.length ? h("ul", { class: "guardrails", "aria-label": "Guardrails that fired" },
      s.guardrails.map((g) => h("li", {}, [h("code", {}, [g.rule]), `: ${g.reason}`]))) : null,
    h("button", { type: "button", id: "apply-suggestion", onclick: () => act(s.action) }, ["Apply suggestion"]),
  ].filter(Boolean));
}

async function runPolicy() {
  if (!state.episode || state.running) return;
  const policy = $("policy").value;
  const delay = Number($("delay").value);
  if (!Number.isFinite(delay) || delay < 0 || delay > 10000) return invalidInput("Delay: enter milliseconds between 0 and 10000.", $("delay"));
  state.running = true;
  $("run").hidden = true;
  $("stop").hidden = false;
  $("stop").focus();
  try {
    while (state.running && state.episode && !episodes.isDone(state.episode)) {
      let choice;
      const asked = await busy(async () => { choice = await nextAction(policy, state.episode, state.socket); });
      if (!asked || !state.running) break;
      if (!(await act(choice.action))) break;
      $("run-status").textContent = `${choice.by} played step ${state.episode.steps.length - 1}.`;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  } finally {
    stopRun();
  }
}

function stopRun() {
  const wasRunning = state.running;
  state.running = false;
  $("run").hidden = false;
  $("stop").hidden = true;
  if (wasRunning) $("run").focus();
}

function exportEpisode(kind) {
  const e = state.episode;
  if (!e) return;
  const name = `${e.env_id}-${e.task_id}-seed${e.steps[0].metadata?.seed ?? "x"}`;
  if (kind === "json") episodes.download(`${name}.json`, episodes.toJson(e), "application/json");
  else episodes.download(`${name}.csv`, episodes.toCsv(e), "text/csv");
  announce(`Exported ${name}.${kind}.`);
}

// Replay: step through a recorded episode without touching the live one.
const replay = { episode: null, index: 0 };

function openReplay(episode, source) {
  replay.episode = structuredClone(episode);
  replay.index = 0;
  $("replay-view").hidden = false;
  $("replay-slider").max = String(episode.steps.length - 1);
  $("replay-source").textContent = `${source}: ${episode.env_id} / ${episode.task_id}, ${episode.steps.length - 1} steps.`;
  showReplayStep(0);
  $("replay-slider").focus();
}

function showReplayStep(index) {
  const e = replay.episode;
  replay.index = Math.max(0, Math.min(index, e.steps.length - 1));
  const s = e.steps[replay.index];
  const view = viewOf(e.env_id);
  $("replay-slider").value = String(replay.index);
  $("replay-step").textContent = replay.index === 0
    ? "Step 0: admission (reset)."
    : `Step ${replay.index}: ${view.actionLabel(s.action)}, reward ${formatNumber(s.reward)}, return ${formatNumber(episodes.cumulativeReward(e.steps.slice(0, replay.index + 1)))}`
      + (s.done ? `; episode over, grader score ${formatNumber(s.metadata?.grader_score ?? null)}.` : ".");
  $("replay-observation").replaceChildren(view.render(episodes.prefix(e, replay.index)));
}

async function loadReplayFile() {
  const file = $("replay-file").files[0];
  if (!file) return;
  try {
    openReplay(episodes.parseEpisode(await file.text()), file.name);
    showError("");
  } catch (error) {
    invalidInput(`${file.name}: ${error.message}`, $("replay-file"));
  } finally {
    $("replay-file").value = ""; // choosing the same file again reloads it
  }
}

function useKey(event) {
  event.preventDefault();
  setApiKey($("api-key").value.trim());
  state.socket?.close();
  state.socket = null;
  announce(apiKey() ? "API key kept for this tab." : "API key cleared.");
  loadEnvironments();
}

function wire() {
  $("api-key").value = apiKey();
  $("key-form").addEventListener("submit", useKey);
  $("env").addEventListener("change", chooseEnvironment);
  $("reset-form").addEventListener("submit", reset);
  $("reset-form").addEventListener("input", (event) => event.target.removeAttribute("aria-invalid"));
  $("suggest").addEventListener("click", askSuggestion);
  $("run").addEventListener("click", runPolicy);
  $("stop").addEventListener("click", stopRun);
  $("export-json").addEventListener("click", () => exportEpisode("json"));
  $("export-csv").addEventListener("click", () => exportEpisode("csv"));
  $("replay-current").addEventListener("click", () => openReplay(state.episode, "This episode"));
  $("replay-file").addEventListener("change", loadReplayFile);
  $("replay-slider").addEventListener("input", () => showReplayStep(Number($("replay-slider").value)));
  $("replay-prev").addEventListener("click", () => showReplayStep(replay.index - 1));
  $("replay-next").addEventListener("click", () => showReplayStep(replay.index + 1));
  window.addEventListener("beforeunload", () => state.socket?.close());
}

wire();
loadEnvironments();
