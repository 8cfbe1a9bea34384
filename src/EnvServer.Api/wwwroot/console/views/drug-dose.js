// drug-dose: the concentration against the therapeutic window, with the doses given.
import { h, facts } from "../dom.js";
import { lineChart, formatNumber } from "../svg.js";
import { lastStep } from "../episode.js";

export function actionLabel(action) {
  return typeof action?.dose === "number" ? `dose ${formatNumber(action.dose)}` : JSON.stringify(action);
}

export function render(episode) {
  const steps = episode.steps;
  const o = steps.at(-1).observation;
  const chart = lineChart({
    label: `Concentration over ${steps.length - 1} steps against the window ${o.target_low}–${o.target_high}, doses as bars`,
    xLabel: "step",
    yLabel: "concentration",
    xDomain: [0, lastStep(episode)],
    window: { y0: o.target_low, y1: o.target_high, label: `therapeutic window ${o.target_low}–${o.target_high}` },
    series: [{ name: "concentration", color: "#1f5fbf", points: steps.map((s) => [s.step, s.observation.concentration]) }],
    bars: { name: "dose", color: "#e08a1e", points: steps.slice(1).map((s) => [s.step, s.observation.dose]) },
  });
  const meta = steps.at(-1).metadata ?? {};
  return h("div", { class: "view view-drug-dose" }, [
    facts([
      ["Concentration", formatNumber(o.concentration) + (o.measurement_age ? ` (measured ${o.measurement_age} steps ago)` : "")],
      ["Therapeutic window", `${o.target_low} – ${o.target_high}`],
      ["In window", o.in_window ? "yes" : "no"],
      ["Last dose", formatNumber(o.dose)],
      ["Time in window", meta.in_range_pct === undefined ? "–" : `${formatNumber(meta.in_range_pct)} %`],
      ["Toxic", meta.toxic ? "yes" : "no"],
    ]),
    h("figure", {}, [chart, h("figcaption", {}, [
      h("span", { class: "key", style: "--key:#1f5fbf" }, ["concentration"]), " ",
      h("span", { class: "swatch", style: "--swatch:var(--window)" }, ["therapeutic window"]), " ",
      h("span", { class: "swatch", style: "--swatch:#e08a1e" }, ["dose given (bar height relative to the largest)"]),
    ])]),
  ]);
}
