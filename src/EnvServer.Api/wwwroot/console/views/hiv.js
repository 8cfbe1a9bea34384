// hiv: viral load and CD4 on log axes over time, the regimen of each 5-day step as a coloured band.
import { h, facts } from "../dom.js";
import { lineChart, formatNumber } from "../svg.js";
import { lastStep } from "../episode.js";

const DAYS_PER_STEP = 5;
export const REGIMENS = [
  { label: "no treatment", color: "#eceff3" },
  { label: "protease inhibitor only (ε2 = 0.3)", color: "#fde9a8" },
  { label: "reverse-transcriptase inhibitor only (ε1 = 0.7)", color: "#c9defc" },
  { label: "RTI + PI (ε1 = 0.7, ε2 = 0.3)", color: "#c4efd0" },
];

export function actionLabel(action) {
  return REGIMENS[action?.action]?.label ?? JSON.stringify(action);
}

export const choiceLabels = REGIMENS.map((r) => r.label);

export function render(episode) {
  const steps = episode.steps;
  const last = steps.at(-1).observation;
  const day = (s) => s.step * DAYS_PER_STEP;
  const chart = lineChart({
    label: `Viral load and CD4 count over ${day(steps.at(-1))} days (log scale), regimen as bands`,
    yScale: "log",
    xLabel: "day",
    yLabel: "per mL (log scale)",
    xDomain: [0, lastStep(episode) * DAYS_PER_STEP],
    series: [
      { name: "viral load", color: "#c0392b", points: steps.map((s) => [day(s), s.observation.viral_load]) },
      { name: "CD4", color: "#1f5fbf", points: steps.map((s) => [day(s), s.observation.cd4]) },
    ],
    bands: steps.slice(1).map((s) => ({
      x0: day(s) - DAYS_PER_STEP, x1: day(s), color: REGIMENS[s.observation.action]?.color ?? "#fff",
      label: `days ${day(s) - DAYS_PER_STEP}–${day(s)}: ${REGIMENS[s.observation.action]?.label}`,
    })),
  });
  return h("div", { class: "view view-hiv" }, [
    facts([
      ["Day", String(day(steps.at(-1)))],
      ["Viral load", `${formatNumber(last.viral_load)} copies/mL`],
      ["CD4 (T1 + T1*)", `${formatNumber(last.cd4)} cells/mL`],
      ["Regimen this step", steps.length > 1 ? REGIMENS[last.action]?.label : "— (admission)"],
    ]),
    h("figure", {}, [chart, h("figcaption", {}, [
      h("span", { class: "key", style: "--key:#c0392b" }, ["viral load"]), " ",
      h("span", { class: "key", style: "--key:#1f5fbf" }, ["CD4"]), " · bands: ",
      ...REGIMENS.map((r) => h("span", { class: "swatch", style: `--swatch:${r.color}` }, [r.label])),
    ])]),
  ]);
}
