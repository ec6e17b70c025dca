// The board's performance pack: fetches the figures the hub computes (GET /pack/data, the same dataset code as
// DatasetService.GetDataset), and shows each table as a chart (Observable Plot, SVG) with the table itself under it.
// Every figure of an answer is in its table, marked with the cell it came from, so that what is drawn can be checked.
import * as Plot from "@observablehq/plot";
import "./pack.css";

const measureLabels = {
  "cp-plans": "Children on a plan",
  "looked-after": "Children looked after",
  "s47-enquiries": "Section 47 enquiries",
  "icpc-after-s47": "Initial conferences after S47",
  "s47-leading-to-icpc": "S47 leading to a conference",
  "icpc-resulting-in-plan": "Conferences resulting in a plan",
  "mash-median-hours-to-decision": "Median hours to decision",
  "mash-requests-on-time": "Information requests answered on time",
  "missing-episodes": "Missing episodes",
  "missing-children": "Children who went missing",
  "rhi-offered-in-time": "Interviews offered within 72 hours",
  "rhi-accepted": "Interviews accepted",
};
const categoryLabels = { NEG: "Neglect", PHY: "Physical abuse", SAB: "Sexual abuse", EMO: "Emotional abuse", MUL: "Multiple", unknown: "Not recorded" };
const ratingLabels = { blue: "Blue", red: "Red", amber: "Amber", green: "Green" };
const suppressedTitle = "Suppressed: a small number, or a figure that would reveal one";

const main = document.getElementById("pack");
const params = new URLSearchParams(location.search);

document.getElementById("print").addEventListener("click", () => window.print());
load();

async function load() {
  const response = await fetch(`/pack/data?${params}`, { headers: { accept: "application/json" } });
  if (response.status === 401) {
    location.assign("/pack/sign-in");
    return;
  }

  const body = await response.json();
  if (!response.ok) {
    const reason = body.error ?? (body.errors ?? []).map((e) => `${e.field}: ${e.description}`).join("; ");
    main.replaceChildren(element("p", { class: "refusal", role: "alert", "data-refused": "true" }, reason || `The hub answered ${response.status}.`));
    return;
  }

  fillFilters(body);
  main.replaceChildren(caveats(body), ...body.tables.map((table) => section(body, table)));
  main.dataset.loaded = "true";
}

function fillFilters(pack) {
  const today = new Date();
  const latest = today.getMonth() > 2 || (today.getMonth() === 2 && today.getDate() === 31) ? today.getFullYear() : today.getFullYear() - 1;
  const year = document.getElementById("year");
  for (let y = latest; y >= 2014; y--) {
    year.append(element("option", { value: y, ...(y === pack.year ? { selected: "" } : {}) }, `${y - 1}-${String(y % 100).padStart(2, "0")}`));
  }

  const chosen = new Set(params.getAll("borough"));
  document.getElementById("boroughs").replaceChildren(...pack.partnershipBoroughs.map((b) =>
    element("label", {}, element("input", { type: "checkbox", name: "borough", value: b.code, ...(chosen.has(b.code) ? { checked: "" } : {}) }), ` ${b.name}`)));
  document.getElementById("mode").value = params.get("mode") ?? "";
  document.getElementById("reference").value = params.get("reference") ?? "";
  document.getElementById("viewer").textContent =
    `Signed in as ${pack.viewer.user} (${pack.viewer.role}, ${pack.viewer.organisation}). Figures: ${pack.mode === "board" ? "BOARD" : "PUBLICATION"}.`;
}

/** The disclosure mode, the suppression mark and the population estimates' source, before any figure. */
function caveats(pack) {
  const first = pack.tables[0].answer;
  const population = first.populationSource ?? "";
  const suppression = pack.mode === "board"
    ? "BOARD figures: exact, for the safeguarding partnership's board; not for publication."
    : Number(first.largestSuppressed ?? 0) === 0
      ? "PUBLICATION figures, with suppression turned off on this hub."
      : `PUBLICATION figures: counts of ${first.smallestSuppressed} to ${first.largestSuppressed}, and figures that would reveal them, are shown as c.`;
  return element("aside", { class: "caveats", "aria-label": "About these figures" },
    element("p", { "data-caveat": "mode" }, suppression),
    element("p", { "data-caveat": "population", class: /illustrative/i.test(population) ? "warning" : "" },
      `Rates per 10,000 children use population estimates: ${population}.`),
    element("p", {}, "London and England comparators are not held by the hub; the partnership's total is the comparator shown."));
}

function section(pack, table) {
  const id = `table-${table.id}`;
  const cells = table.answer.cells ?? [];
  const layout = layouts[table.id];
  const names = Object.fromEntries(pack.boroughs.map((b) => [b.code, b.name]));
  const chart = layout.chart(cells, names);
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", `Chart: ${table.title}. The figures are in the table that follows.`);
  const empty = chart.querySelector('g[aria-label="bar"] rect, g[aria-label="line"] path, g[aria-label="dot"] circle') === null;
  return element("section", { class: "pack-table", id, "data-table": table.id, "aria-labelledby": `${id}-heading` },
    element("h2", { id: `${id}-heading` }, table.title),
    element("figure", {},
      element("div", { class: "chart", "data-chart": table.id }, chart,
        ...(empty ? [element("p", { class: "nothing", "data-nothing": "true" }, "Nothing to draw: every figure is 0 or suppressed.")] : [])),
      element("figcaption", {}, `${table.title}. ${layout.caption} ${pack.mode === "board" ? "Exact figures." : "c: suppressed."}`)),
    grid(table, cells, layout, names));
}

/** The table of every cell of the answer: a row and a column for each, each figure marked with the cell it came from. */
function grid(table, cells, layout, names) {
  const rows = distinct(cells.map((c) => layout.row(c, names)));
  const columns = distinct(cells.map((c) => layout.column(c, names)));
  const at = new Map(cells.map((c) => [`${layout.row(c, names).key}|${layout.column(c, names).key}`, c]));
  return element("table", { "data-for": table.id },
    element("caption", {}, `Table: ${table.title}`),
    element("thead", {}, element("tr", {}, element("th", { scope: "col" }, layout.rowHeading), ...columns.map((c) => element("th", { scope: "col" }, c.label)))),
    element("tbody", {}, ...rows.map((r) => element("tr", {},
      element("th", { scope: "row" }, r.label),
      ...columns.map((c) => figure(at.get(`${r.key}|${c.key}`)))))));
}

function figure(cell) {
  if (!cell) {
    return element("td", { class: "none" }, "-");
  }

  const where = { "data-measure": cell.measure, "data-period": cell.period, "data-borough": cell.borough, "data-breakdown": cell.breakdown ?? "" };
  if (cell.suppressed) {
    return element("td", { ...where, "data-suppressed": "true", class: "suppressed" }, element("abbr", { title: suppressedTitle }, "c"));
  }

  const parts = [];
  const part = (field, text) => parts.push(element("span", { "data-field": field }, text));
  if (cell.numerator !== undefined) {
    // A percentage of nothing (0 of 0) has no percentage: its numerator and denominator are still shown.
    if (cell.percentage !== undefined) part("percentage", `${one(cell.percentage)}%`);
    parts.push(" (");
    part("numerator", cell.numerator);
    parts.push(" of ");
    part("denominator", cell.denominator);
    parts.push(")");
  } else if (cell.value !== undefined || (cell.count === undefined && cell.denominator !== undefined)) {
    if (cell.value !== undefined) part("value", one(cell.value));
    parts.push(" (n=");
    if (cell.count !== undefined) part("count", cell.count);
    if (cell.denominator !== undefined) part("denominator", cell.denominator);
    parts.push(")");
  } else {
    part("count", cell.count ?? "0");
    if (cell.ratePer10000 !== undefined) {
      parts.push(" (");
      part("ratePer10000", one(cell.ratePer10000));
      parts.push(" per 10,000)");
    }

    if (cell.percentage !== undefined) {
      parts.push(" ");
      part("percentage", `${one(cell.percentage)}%`);
    }
  }

  return element("td", where, ...parts);
}

const byBorough = (c, names) => ({ key: c.borough, label: names[c.borough] ?? c.borough });
const byYear = (c) => ({ key: c.period, label: c.period.length === 10 ? c.period.slice(0, 4) : c.period });
const byBreakdown = (c) => ({ key: c.breakdown ?? "", label: breakdownLabel(c.breakdown) });
const byMeasure = (c) => ({ key: `${c.measure}|${c.breakdown ?? ""}`, label: [measureLabels[c.measure] ?? c.measure, c.breakdown ? breakdownLabel(c.breakdown) : ""].filter(Boolean).join(": ") });

const layouts = {
  "plans-by-borough": { rowHeading: "Borough", row: byBorough, column: byYear, caption: "Rate per 10,000 children under 18 at 31 March, by borough.", chart: (cells, names) => rateLines(cells, names) },
  "care-by-borough": { rowHeading: "Borough", row: byBorough, column: byYear, caption: "Rate per 10,000 children under 18 at 31 March, by borough.", chart: (cells, names) => rateLines(cells, names) },
  "plans-by-age": { rowHeading: "Age band", row: byBreakdown, column: byBorough, caption: "Number of children, by age band and borough.", chart: (cells, names) => breakdownBars(cells, names, "Age band") },
  "plans-by-category": { rowHeading: "Category", row: byBreakdown, column: byBorough, caption: "Number of children, by the plan's latest category and borough.", chart: (cells, names) => breakdownBars(cells, names, "Category") },
  funnel: { rowHeading: "Borough", row: byBorough, column: byMeasure, caption: "Enquiries, the conferences after them and the conferences resulting in a plan, by borough.",
    chart: (cells, names) => stepBars(cells, names, [["s47-enquiries", "count", "S47 enquiries"], ["icpc-after-s47", "count", "Conferences after S47"], ["icpc-resulting-in-plan", "numerator", "Conferences resulting in a plan"]], "Number") },
  "mash-timeliness": { rowHeading: "Borough", row: byBorough, column: byMeasure, caption: "Median whole hours from contact to MASH decision, by BRAG rating and borough.", chart: (cells, names) => medianBars(cells, names) },
  missing: { rowHeading: "Borough", row: byBorough, column: byMeasure, caption: "Missing episodes and the children who went missing, by borough; interviews in the table.",
    chart: (cells, names) => stepBars(cells, names, [["missing-episodes", "count", "Missing episodes"], ["missing-children", "count", "Children who went missing"]], "Number") },
};

function rateLines(cells, names) {
  const data = cells.filter((c) => !c.breakdown && !c.suppressed && c.ratePer10000 !== undefined)
    .map((c) => ({ year: c.period.slice(0, 4), borough: names[c.borough] ?? c.borough, rate: c.ratePer10000 }));
  return Plot.plot({
    width: 720, height: 300, marginRight: 20,
    x: { type: "point", label: "Year to 31 March" },
    y: { grid: true, label: "Per 10,000 children", zero: true },
    color: { legend: true },
    marks: [Plot.lineY(data, { x: "year", y: "rate", stroke: "borough" }), Plot.dot(data, { x: "year", y: "rate", fill: "borough", title: (d) => `${d.borough} ${d.year}: ${one(d.rate)}` })],
  });
}

function breakdownBars(cells, names, label) {
  const data = cells.filter((c) => c.breakdown && !c.suppressed)
    .map((c) => ({ group: breakdownLabel(c.breakdown), borough: names[c.borough] ?? c.borough, count: Number(c.count ?? 0) }));
  return groupedBars(data, label, "Children");
}

function stepBars(cells, names, steps, yLabel) {
  const data = [];
  for (const [measure, field, step] of steps) {
    for (const c of cells.filter((c) => c.measure === measure && !c.breakdown && !c.suppressed && c[field] !== undefined)) {
      data.push({ group: names[c.borough] ?? c.borough, borough: step, count: Number(c[field]) });
    }
  }

  return groupedBars(data, "Borough", yLabel);
}

function medianBars(cells, names) {
  const data = cells.filter((c) => c.measure === "mash-median-hours-to-decision" && c.breakdown && !c.suppressed && c.value !== undefined)
    .map((c) => ({ group: breakdownLabel(c.breakdown), borough: names[c.borough] ?? c.borough, count: c.value }));
  return groupedBars(data, "BRAG rating", "Median hours");
}

/** Bars grouped by `group`, one colour for each `borough` (or step), with a legend. */
function groupedBars(data, groupLabel, yLabel) {
  return Plot.plot({
    width: 720, height: 300, marginBottom: 40,
    fx: { label: groupLabel, padding: 0.15 },
    x: { axis: null },
    y: { grid: true, label: yLabel },
    color: { legend: true },
    marks: [Plot.barY(data, { fx: "group", x: "borough", y: "count", fill: "borough", title: (d) => `${d.group}, ${d.borough}: ${one(d.count)}` }), Plot.ruleY([0])],
  });
}

function breakdownLabel(breakdown) {
  if (!breakdown) return "All";
  const [dimension, value] = breakdown.split("=");
  if (dimension === "category") return categoryLabels[value] ?? value;
  if (dimension === "rating") return ratingLabels[value] ?? value;
  return value;
}

function one(x) {
  return Number(x).toFixed(1);
}

function distinct(items) {
  const seen = new Map();
  for (const item of items) if (!seen.has(item.key)) seen.set(item.key, item);
  return [...seen.values()];
}

function element(name, attributes, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.append(...children.map((c) => (c instanceof Node ? c : String(c))));
  return node;
}
