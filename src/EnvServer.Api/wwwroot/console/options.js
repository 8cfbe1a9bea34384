// Environment options of a reset, generated from the environment's reset schema and checked in the page.
import { h } from "./dom.js";

const STANDARD = new Set(["seed", "episode_id", "task_id"]);

function typeOf(field) {
  const types = field.anyOf ? field.anyOf.filter((t) => t.type !== "null") : [field];
  return { ...types[0], nullable: Boolean(field.anyOf?.some((t) => t.type === "null")) };
}

/** Inputs for the reset options beyond seed and task; read() returns {options} or {error} naming the field. */
export function optionsForm(resetSchema) {
  const fields = Object.entries(resetSchema?.properties ?? {}).filter(([name]) => !STANDARD.has(name));
  const inputs = fields.map(([name, field]) => {
    const type = typeOf(field);
    const id = `option-${name}`;
    const hint = `default ${field.default === null || field.default === undefined ? "none" : JSON.stringify(field.default)}`;
    let control;
    if (type.enum || type.type === "boolean") {
      const values = type.enum ?? [true, false];
      control = h("select", { id, name }, [
        h("option", { value: "" }, [`(${hint})`]),
        ...values.map((v) => h("option", { value: JSON.stringify(v) }, [String(v)])),
      ]);
    } else {
      control = h("input", { id, name, type: "text", inputmode: "decimal", placeholder: hint, autocomplete: "off" });
    }
    return { name, field, type, control, row: h("div", { class: "field", title: field.description ?? "" }, [h("label", { for: id }, [field.title ?? name]), control]) };
  });

  function read() {
    const options = {};
    for (const { name, type, control } of inputs) {
      const text = control.value.trim();
      if (text === "") continue;
      if (control.tagName === "SELECT") {
        options[name] = JSON.parse(text);
        continue;
      }
      const value = Number(text);
      if (!Number.isFinite(value)) return { error: `${name}: "${text}" is not a number.`, control };
      if (type.type === "integer" && !Number.isInteger(value)) return { error: `${name}: must be a whole number.`, control };
      if (type.minimum !== undefined && value < type.minimum) return { error: `${name}: must be at least ${type.minimum}.`, control };
      if (type.exclusiveMinimum !== undefined && value <= type.exclusiveMinimum) return { error: `${name}: must be greater than ${type.exclusiveMinimum}.`, control };
      if (type.maximum !== undefined && value > type.maximum) return { error: `${name}: must be at most ${type.maximum}.`, control };
      options[name] = value;
    }
    return { options };
  }

  return { element: h("div", { class: "options" }, inputs.map((i) => i.row)), read, count: inputs.length };
}

/** The seed box: empty draws a fresh seed; otherwise a whole number ≥ 0. */
export function readSeed(text) {
  const trimmed = text.trim();
  if (trimmed === "") return { seed: null };
  if (!/^\d+$/.test(trimmed)) return { error: `seed: "${trimmed}" is not a whole number ≥ 0.` };
  const seed = Number(trimmed);
  if (!Number.isSafeInteger(seed)) return { error: "seed: too large for this page (at most 2^53 − 1)." };
  return { seed };
}
