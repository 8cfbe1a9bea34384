// sepsis: the vitals as a timeline of levels, and the treatments in effect after each step.
import { h, facts } from "../dom.js";
import { levelGrid } from "../svg.js";

const TREATMENTS = ["antibiotics", "ventilation", "vasopressors"];
const COLORS = {
  very_low: "#2f6fd6", low: "#8fb8f2", normal: "#9ee0b0", high: "#f2a29a", very_high: "#d6473a",
  given: "#7a4fc9", off: "#f1f2f4",
};
const OUTCOMES = { "-1": "died (three or more abnormal vitals)", 0: "in the ICU", 1: "discharged" };

/** 4·antibiotics + 2·ventilation + vasopressors, as the schema numbers them. */
export function treatmentsOf(index) {
  const given = TREATMENTS.filter((_, bit) => index & (4 >> bit));
  return given.length ? given.join(" + ") : "no treatment";
}

export const choiceLabels = Array.from({ length: 8 }, (_, i) => treatmentsOf(i));

export function actionLabel(action) {
  return Number.isInteger(action?.action) ? treatmentsOf(action.action) : JSON.stringify(action);
}

export function render(episode) {
  const steps = episode.steps;
  const last = steps.at(-1);
  const vital = (name) => steps.map((s) => s.observation[name] ?? null);
  const grid = levelGrid({
    label: `Vitals and treatments over ${steps.length - 1} steps`,
    colors: COLORS,
    rows: [
      { name: "Heart rate", values: vital("heart_rate") },
      { name: "Systolic BP", values: vital("systolic_bp") },
      { name: "O₂ saturation", values: vital("percent_o2") },
      { name: "Glucose", values: vital("glucose") },
      ...TREATMENTS.map((t) => ({ name: t[0].toUpperCase() + t.slice(1), values: steps.map((s) => (s.observation[t] ? "given" : "off")) })),
    ],
  });
  const o = last.observation;
  return h("div", { class: "view view-sepsis" }, [
    facts([
      ["Heart rate", o.heart_rate], ["Systolic BP", o.systolic_bp], ["O₂ saturation", o.percent_o2],
      ["Glucose", o.glucose ?? "not observed"], ["Diabetic", o.diabetic === null || o.diabetic === undefined ? "hidden" : o.diabetic ? "yes" : "no"],
      ["Status", o.truncated ? "still in the ICU at the time limit" : OUTCOMES[last.metadata?.outcome ?? 0] ?? "?"],
    ]),
    h("figure", {}, [grid, h("figcaption", {}, [
      "Levels: ", ...["very_low", "low", "normal", "high", "very_high"].map((l) => h("span", { class: "swatch", style: `--swatch:${COLORS[l]}` }, [l.replace("_", " ")])),
      " · treatment ", h("span", { class: "swatch", style: `--swatch:${COLORS.given}` }, ["given in the last step"]),
      " · grey cells: not observed in this task",
    ])]),
  ]);
}
