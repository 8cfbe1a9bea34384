// Our own small SVG charting: line charts (linear or log y) with bands, a window and bars, and level grids.
const NS = "http://www.w3.org/2000/svg";
const MARGIN = { top: 16, right: 16, bottom: 40, left: 64 };

/** An SVG element with attributes and children (elements or text). */
export function svg(tag, attributes = {}, children = []) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  }
  for (const child of children) element.append(child);
  return element;
}

function frame(width, height, label) {
  return svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "chart" }, [svg("title", {}, [label])]);
}

/** Round tick values covering [low, high], about `count` of them. */
export function linearTicks(low, high, count = 5) {
  if (!(high > low)) return [low];
  const raw = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const ticks = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Powers of ten covering [low, high] (both > 0). */
export function logTicks(low, high) {
  const ticks = [];
  for (let e = Math.floor(Math.log10(low)); e <= Math.ceil(Math.log10(high)); e++) ticks.push(10 ** e);
  return ticks;
}

export function formatNumber(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

function axisScale(kind, [low, high], [from, to]) {
  if (kind === "log") {
    const a = Math.log10(low), b = Math.log10(high);
    return (v) => from + ((Math.log10(Math.max(v, low)) - a) / (b - a || 1)) * (to - from);
  }
  return (v) => from + ((v - low) / (high - low || 1)) * (to - from);
}

function yDomain(kind, values, extra) {
  const all = values.concat(extra).filter((v) => Number.isFinite(v) && (kind !== "log" || v > 0));
  if (!all.length) return kind === "log" ? [1, 10] : [0, 1];
  let low = Math.min(...all), high = Math.max(...all);
  if (kind === "log") return [10 ** Math.floor(Math.log10(low)), 10 ** Math.ceil(Math.log10(high) + 1e-9)];
  if (low === high) { low -= 1; high += 1; }
  const pad = (high - low) * 0.05;
  // Non-negative quantities keep 0 as their floor rather than a padded negative.
  return [low >= 0 && low - pad < 0 ? 0 : low - pad, high + pad];
}

/**
 * A line chart. options: label (accessible name), xLabel, yLabel, yScale ("linear" | "log"), xDomain [a, b],
 * series [{name, color, points [[x, y]]}], bands [{x0, x1, color, label}] behind the lines,
 * window {y0, y1, label} shaded across, bars {name, color, points [[x, value]]} along the bottom (own scale).
 */
export function lineChart(options) {
  const width = options.width ?? 760, height = options.height ?? 300;
  const kind = options.yScale ?? "linear";
  const series = options.series ?? [];
  const points = series.flatMap((s) => s.points);
  const xs = points.map(([x]) => x).concat(options.xDomain ?? []);
  const xDomain = options.xDomain ?? [Math.min(0, ...xs), Math.max(1, ...xs)];
  const windowValues = options.window ? [options.window.y0, options.window.y1] : [];
  const [yLow, yHigh] = options.yDomain ?? yDomain(kind, points.map(([, y]) => y), windowValues);
  const plot = { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom };
  const x = axisScale("linear", xDomain, [plot.left, plot.right]);
  const y = axisScale(kind, [yLow, yHigh], [plot.bottom, plot.top]);
  const root = frame(width, height, options.label);

  for (const band of options.bands ?? []) {
    root.append(svg("rect", {
      class: "band", x: x(band.x0), y: plot.top, width: Math.max(0, x(band.x1) - x(band.x0)), height: plot.bottom - plot.top,
      fill: band.color, "data-label": band.label,
    }, [svg("title", {}, [band.label])]));
  }
  if (options.window) {
    const { y0, y1, label } = options.window;
    root.append(svg("rect", {
      class: "window", x: plot.left, y: y(y1), width: plot.right - plot.left, height: Math.max(0, y(y0) - y(y1)),
    }, [svg("title", {}, [label])]));
  }

  const ticks = kind === "log" ? logTicks(yLow, yHigh) : linearTicks(yLow, yHigh);
  for (const tick of ticks) {
    root.append(svg("line", { class: "grid", x1: plot.left, x2: plot.right, y1: y(tick), y2: y(tick) }));
    root.append(svg("text", { class: "tick", x: plot.left - 6, y: y(tick) + 4, "text-anchor": "end" }, [formatNumber(tick)]));
  }
  for (const tick of linearTicks(xDomain[0], xDomain[1], 8).filter((t) => Number.isInteger(t) || xDomain[1] - xDomain[0] < 8)) {
    root.append(svg("text", { class: "tick", x: x(tick), y: plot.bottom + 16, "text-anchor": "middle" }, [formatNumber(tick)]));
  }
  root.append(svg("line", { class: "axis", x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom }));
  root.append(svg("line", { class: "axis", x1: plot.left, x2: plot.left, y1: plot.top, y2: plot.bottom }));
  if (options.xLabel) root.append(svg("text", { class: "axis-label", x: (plot.left + plot.right) / 2, y: height - 6, "text-anchor": "middle" }, [options.xLabel]));
  if (options.yLabel) {
    root.append(svg("text", { class: "axis-label", transform: `translate(14 ${(plot.top + plot.bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, [options.yLabel]));
  }

  if (options.bars?.points.length) {
    const peak = Math.max(...options.bars.points.map(([, v]) => v), 1e-12);
    const barWidth = Math.max(2, ((plot.right - plot.left) / Math.max(1, xDomain[1] - xDomain[0])) * 0.6);
    const barHeight = (plot.bottom - plot.top) * 0.25;
    const group = svg("g", { class: "bars", "data-series": options.bars.name, "data-points": options.bars.points.length });
    for (const [bx, value] of options.bars.points) {
      const h = (value / peak) * barHeight;
      group.append(svg("rect", { x: x(bx) - barWidth / 2, y: plot.bottom - h, width: barWidth, height: h, fill: options.bars.color },
        [svg("title", {}, [`${options.bars.name} at ${bx}: ${formatNumber(value)}`])]));
    }
    root.append(group);
  }

  for (const line of series) {
    const d = line.points.map(([px, py], i) => `${i ? "L" : "M"}${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(" ");
    root.append(svg("path", {
      class: "series", d, stroke: line.color, fill: "none", "data-series": line.name, "data-points": line.points.length,
    }));
    if (line.points.length <= 60) {
      for (const [px, py] of line.points) {
        root.append(svg("circle", { class: "point", cx: x(px), cy: y(py), r: 2.5, fill: line.color },
          [svg("title", {}, [`${line.name} at ${px}: ${formatNumber(py)}`])]));
      }
    }
  }
  return root;
}

/**
 * A grid of categorical levels over time: rows [{name, values [level|null], levels [names low → high]}], each cell
 * coloured by `colors[level]`; columns are steps 0..n-1. Used for the sepsis vitals and treatments.
 */
export function levelGrid({ label, rows, colors, columnLabel = "step" }) {
  const columns = Math.max(1, ...rows.map((r) => r.values.length));
  const cell = Math.max(12, Math.min(36, Math.floor(640 / columns)));
  const rowHeight = 24, left = 120, top = 8;
  const width = left + columns * cell + 16, height = top + rows.length * rowHeight + 32;
  const root = frame(width, height, label);
  rows.forEach((row, r) => {
    const yTop = top + r * rowHeight;
    root.append(svg("text", { class: "row-label", x: left - 8, y: yTop + rowHeight / 2 + 4, "text-anchor": "end" }, [row.name]));
    row.values.forEach((value, c) => {
      root.append(svg("rect", {
        class: "cell", x: left + c * cell + 1, y: yTop + 2, width: cell - 2, height: rowHeight - 4,
        fill: value === null || value === undefined ? "var(--hidden)" : colors[value] ?? "var(--muted)", "data-row": row.name, "data-value": value ?? "hidden",
      }, [svg("title", {}, [`${row.name}, ${columnLabel} ${c}: ${value ?? "not observed"}`])]));
    });
  });
  for (const tick of linearTicks(0, columns - 1, 10).filter(Number.isInteger)) {
    root.append(svg("text", { class: "tick", x: left + tick * cell + cell / 2, y: top + rows.length * rowHeight + 14, "text-anchor": "middle" }, [String(tick)]));
  }
  root.append(svg("text", { class: "axis-label", x: left + (columns * cell) / 2, y: height - 4, "text-anchor": "middle" }, [columnLabel]));
  return root;
}
