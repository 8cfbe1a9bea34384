// Action controls generated from the environment's action schema: a button per discrete action, a slider with a
// number box for a dose; environments with a structured action (polypharmacy) bring their own form.
import { h } from "./dom.js";
import { formatNumber } from "./svg.js";

/** The action's one field besides metadata, as [name, schema]. */
function actionField(schema) {
  return Object.entries(schema.properties ?? {}).find(([name]) => name !== "metadata") ?? [null, {}];
}

function integerRange(field) {
  const type = field.type ?? field.anyOf?.find((t) => t.type !== "null")?.type;
  return type === "integer" && Number.isInteger(field.minimum) && Number.isInteger(field.maximum) ? [field.minimum, field.maximum] : null;
}

/**
 * Controls for one observation. options: schema (action JSON Schema), view (the environment's view module),
 * observation, maxDose, disabled, submit(action), invalid(message).
 */
export function actionControls({ schema, view, observation, maxDose, disabled, submit, invalid }) {
  if (view.controls) return view.controls(observation, { submit, invalid, disabled });
  const [name, field] = actionField(schema);
  const range = integerRange(field);
  if (range) {
    const [low, high] = range;
    const buttons = [];
    for (let value = low; value <= high; value++) {
      const label = view.choiceLabels?.[value] ?? `${name} ${value}`;
      buttons.push(h("button", {
        type: "button", class: "action", "data-action": value, disabled,
        title: `${name} = ${value}`, onclick: () => submit({ [name]: value }),
      }, [h("span", { class: "index" }, [String(value)]), ` ${label}`]));
    }
    return h("div", { role: "group", "aria-label": field.title ?? name, class: "action-buttons" }, buttons);
  }
  if (field.type === "number") return numberControl(name, field, maxDose, disabled, submit, invalid);
  return h("p", {}, ["This action has no generated control: use the raw JSON action below."]);
}

function numberControl(name, field, max, disabled, submit, invalid) {
  const step = max / 100;
  const slider = h("input", { type: "range", id: "dose-slider", min: 0, max, step, value: 0, disabled, "aria-label": `${field.title ?? name} (slider)` });
  const box = h("input", { type: "number", id: "dose-input", min: 0, max, step: "any", value: 0, disabled, inputmode: "decimal" });
  slider.addEventListener("input", () => { box.value = slider.value; });
  box.addEventListener("input", () => { if (box.value !== "" && Number.isFinite(Number(box.value))) slider.value = box.value; });
  const form = h("form", { class: "dose-form", novalidate: true }, [
    h("label", { for: "dose-input" }, [`${field.title ?? name} (0 – ${formatNumber(max)})`]),
    h("div", { class: "dose-row" }, [slider, box, h("button", { type: "submit", id: "dose-submit", disabled }, ["Give dose"])]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // An <input type=number> holding text reads as "" and reports badInput.
    const text = box.value.trim();
    const value = Number(text);
    if (box.validity.badInput || text === "" || !Number.isFinite(value)) invalid(`${name}: enter a number between 0 and ${formatNumber(max)}.`);
    else if (value < 0 || value > max) invalid(`${name}: ${text} is outside 0 – ${formatNumber(max)}.`);
    else submit({ [name]: value });
  });
  return form;
}

/** A JSON object typed by hand, for actions the controls do not offer; only its JSON syntax is checked here. */
export function rawActionForm({ disabled, submit, invalid }) {
  const area = h("textarea", { id: "raw-action", rows: 3, spellcheck: "false", disabled, placeholder: '{"action": 0}' });
  const form = h("form", { class: "raw-form", novalidate: true }, [
    h("label", { for: "raw-action" }, ["Raw action (JSON object, sent as is)"]),
    area,
    h("button", { type: "submit", id: "raw-submit", disabled }, ["Send raw action"]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    let action;
    try {
      action = JSON.parse(area.value);
    } catch (error) {
      invalid(`Raw action: not valid JSON (${error.message}).`);
      return;
    }
    if (action === null || typeof action !== "object" || Array.isArray(action)) invalid("Raw action: must be a JSON object, e.g. {\"action\": 0}.");
    else submit(action);
  });
  return h("details", { class: "raw" }, [h("summary", {}, ["Raw JSON action"]), form]);
}
