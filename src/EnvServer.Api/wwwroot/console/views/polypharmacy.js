// polypharmacy: the patient, the regimen with ATC classes and Beers flags, interactions found, changes made,
// budgets left; and the review form, whose drug pickers offer only what the action mask allows.
import { h, facts, table } from "../dom.js";
import { formatNumber } from "../svg.js";

const INTERVENTIONS = ["stop", "dose_reduce", "substitute", "add_monitoring"];
const FIRST_INTERVENTION_SLOT = 106;

export function actionLabel(action) {
  switch (action?.action_type) {
    case "query_ddi": return `query ${action.drug_id_1} × ${action.drug_id_2}`;
    case "propose_intervention":
      return `${action.intervention_type} ${action.target_drug_id}${action.proposed_new_drug_id ? ` → ${action.proposed_new_drug_id}` : ""}`;
    case "finish_review": return "finish review";
    default: return JSON.stringify(action);
  }
}

function flags(drug) {
  const badges = [];
  if (drug.high_risk_elderly) badges.push(h("span", { class: "badge risk", title: "High-risk medication in the elderly" }, ["high-risk"]));
  if (drug.critical) badges.push(h("span", { class: "badge critical", title: "Critical: do not stop without a substitute" }, ["critical"]));
  for (const beers of drug.beers_flags ?? []) {
    const text = `Beers: ${beers.criterion}${beers.condition ? ` (${beers.condition})` : ""}`;
    badges.push(h("span", { class: "badge beers", title: beers.rationale ?? "" }, [text]));
  }
  return badges.length ? h("span", {}, badges) : "–";
}

export function render(episode) {
  const first = episode.steps[0].observation;
  const o = episode.steps.at(-1).observation;
  const meds = o.current_medications.map((d) => [
    d.generic_name, `${d.atc_class} — ${d.atc_class_name}`,
    `${formatNumber(d.dose_mg)} mg (${formatNumber(d.min_dose_mg)}–${formatNumber(d.max_dose_mg)})`, flags(d),
    [d.dose_reduced && "dose reduced", d.monitored && "monitored"].filter(Boolean).join(", ") || "–",
  ]);
  const queries = o.interaction_queries.map((q) => [
    `${q.drug_id_1} × ${q.drug_id_2}`, h("span", { class: `severity ${q.severity}` }, [q.severity]), q.recommendation ?? "–",
    formatNumber(q.base_risk), q.mechanism ?? "–",
  ]);
  const changes = o.interventions.map((i) => [
    String(i.step), i.target_drug_id, i.intervention_type, i.proposed_new_drug_id ?? "–", formatNumber(i.delta_risk),
  ]);
  return h("div", { class: "view view-polypharmacy" }, [
    facts([
      ["Patient", `${o.patient_id}, ${o.age} y, ${o.sex}`],
      ["Conditions", o.conditions.join(", ") || "none"],
      ["Kidney (eGFR)", o.egfr_category.replaceAll("_", " ")],
      ["Liver", o.liver_function_category.replaceAll("_", " ")],
      ["Queries left", `${o.remaining_query_budget} of ${first.remaining_query_budget}`],
      ["Interventions left", `${o.remaining_intervention_budget} of ${first.remaining_intervention_budget}`],
      ["Steps left", String(o.remaining_steps)],
    ], { "data-testid": "budgets" }),
    o.last_action_error ? h("p", { class: "warning" }, [`Last action was invalid: ${o.last_action_error}`]) : null,
    table("Current medications", ["Drug", "ATC class", "Dose", "Flags", "Changes"], meds, { class: "meds" }),
    table("Interactions found so far", ["Pair", "Severity", "Recommendation", "Base risk", "Mechanism"], queries, { class: "interactions" }),
    table("Interventions", ["Step", "Drug", "Type", "New drug", "Risk reduction"], changes, { class: "interventions" }),
  ]);
}

function select(id, label, options, onchange) {
  const control = h("select", { id, name: id, onchange }, [
    h("option", { value: "" }, ["— choose —"]),
    ...options.map(([value, text]) => h("option", { value }, [text])),
  ]);
  return { control, row: h("div", { class: "field" }, [h("label", { for: id }, [label]), control]) };
}

/**
 * The review form. Calls submit(action) with a complete action, or invalid(message) naming what is missing; the
 * pickers offer only the pairs, interventions and substitutes the observation's mask allows.
 */
export function controls(observation, { submit, invalid, disabled }) {
  const mask = observation.action_mask ?? [];
  const meds = observation.current_medications;
  const name = Object.fromEntries(meds.map((d) => [d.drug_id, d.generic_name]));
  const pairs = observation.valid_query_pairs ?? [];
  const allowed = (drug, type) => mask[FIRST_INTERVENTION_SLOT + 4 * drug.slot + INTERVENTIONS.indexOf(type)] === 1;
  const targets = meds.filter((d) => INTERVENTIONS.some((t) => allowed(d, t)));

  const types = [
    ["query_ddi", "Query an interaction", pairs.length > 0],
    ["propose_intervention", "Propose an intervention", targets.length > 0],
    ["finish_review", "Finish the review", mask[0] === 1],
  ];
  const radios = types.map(([value, text, enabled]) => h("label", { class: "choice" }, [
    h("input", { type: "radio", name: "action_type", value, disabled: disabled || !enabled, onchange: () => show() }), ` ${text}`,
  ]));

  const partnersOf = (drug) => pairs.filter((p) => p.includes(drug)).map((p) => (p[0] === drug ? p[1] : p[0]));
  const firstDrugs = [...new Set(pairs.flat())];
  const drug1 = select("drug_id_1", "First drug", firstDrugs.map((d) => [d, name[d] ?? d]), () => fill(drug2.control, partnersOf(drug1.control.value).map((d) => [d, name[d] ?? d])));
  const drug2 = select("drug_id_2", "Second drug", []);
  const target = select("target_drug_id", "Drug to change", targets.map((d) => [d.drug_id, d.generic_name]), () => {
    const drug = meds.find((d) => d.drug_id === target.control.value);
    fill(kind.control, drug ? INTERVENTIONS.filter((t) => allowed(drug, t)).map((t) => [t, t.replace("_", " ")]) : []);
    fill(substitute.control, drug ? drug.substitutes.map((s) => [s.drug_id, `${s.generic_name}${s.beers_flags?.length ? " (Beers)" : ""}${s.high_risk_elderly ? " (high-risk)" : ""}`]) : []);
    show();
  });
  const kind = select("intervention_type", "Intervention", [], () => show());
  const substitute = select("proposed_new_drug_id", "Substitute with", []);
  const rationale = h("input", { id: "rationale", name: "rationale", type: "text", maxlength: 500 });

  const query = h("div", { class: "group", hidden: true }, [drug1.row, drug2.row]);
  const substituteRow = substitute.row;
  const intervention = h("div", { class: "group", hidden: true }, [
    target.row, kind.row, substituteRow,
    h("div", { class: "field" }, [h("label", { for: "rationale" }, ["Rationale (optional)"]), rationale]),
  ]);

  function chosen() {
    return radios.map((r) => r.querySelector("input")).find((i) => i.checked)?.value ?? "";
  }
  function show() {
    query.hidden = chosen() !== "query_ddi";
    intervention.hidden = chosen() !== "propose_intervention";
    substituteRow.hidden = kind.control.value !== "substitute";
  }

  function build() {
    switch (chosen()) {
      case "":
        return "Choose an action type (query, intervention or finish).";
      case "query_ddi": {
        const [a, b] = [drug1.control.value, drug2.control.value];
        if (!a) return "Choose the first drug of the pair (drug_id_1).";
        if (!b) return "Choose the second drug of the pair (drug_id_2).";
        return { action_type: "query_ddi", drug_id_1: a, drug_id_2: b };
      }
      case "propose_intervention": {
        const action = { action_type: "propose_intervention", target_drug_id: target.control.value, intervention_type: kind.control.value };
        if (!action.target_drug_id) return "Choose the drug to change (target_drug_id).";
        if (!action.intervention_type) return "Choose the intervention (intervention_type).";
        if (action.intervention_type === "substitute") {
          if (!substitute.control.value) return "Choose the substitute drug (proposed_new_drug_id) for a substitution.";
          action.proposed_new_drug_id = substitute.control.value;
        }
        if (rationale.value.trim()) action.rationale = rationale.value.trim();
        return action;
      }
      default:
        return { action_type: "finish_review" };
    }
  }

  const form = h("form", { class: "poly-form", novalidate: true, "aria-label": "Review action" }, [
    h("fieldset", { class: "choices" }, [h("legend", {}, ["Action type"]), ...radios]),
    query, intervention,
    h("button", { type: "submit", id: "poly-submit", disabled }, ["Submit action"]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const action = build();
    if (typeof action === "string") invalid(action);
    else submit(action);
  });
  return form;
}

function fill(control, options) {
  control.replaceChildren(h("option", { value: "" }, ["— choose —"]), ...options.map(([value, text]) => h("option", { value }, [text])));
}
