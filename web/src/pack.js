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
  main.replaceChildren(caveats(body), ...body.tables.map((table) => section(body, table)), ...boardSections(body));
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
  const board = document.getElementById("board");
  board.replaceChildren(...pack.boards.map((b) => element("option", { value: b, ...(b === pack.board?.id ? { selected: "" } : {}) }, b)));
  document.getElementById("board-choice").hidden = pack.boards.length === 0;
  board.disabled = pack.boards.length === 0;
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
    element("p", { "data-caveat": "comparators" }, pack.tables.some((t) => (t.comparators ?? []).length > 0)
      ? "England and London: figures as published, loaded by the partnership's analysts, each with its source under its table."
      : "No England or London comparators are held for these figures; the partnership's total is the comparator shown."));
}

function section(pack, table) {
  const cells = table.answer.cells ?? [];
  const layout = layouts[table.id];
  const names = { ...Object.fromEntries(pack.boroughs.map((b) => [b.code, b.name])), ...comparatorNames };
  const comparators = table.comparators ?? [];
  const chart = layout.chart(cells, names, comparators);
  const empty = chart.querySelector('g[aria-label="bar"] rect, g[aria-label="line"]:not(.comparator) path, g[aria-label="dot"]:not(.comparator) circle') === null;
  return packSection(table.id, table.title, chart, empty ? "Nothing to draw: every figure is 0 or suppressed." : null,
    `${table.title}. ${layout.caption} ${pack.mode === "board" ? "Exact figures." : "c: suppressed."}${comparators.length > 0 ? ` ${comparatorCaption(layout)}` : ""}`,
    grid(table, cells, layout, names, comparators));
}

/** One part of the pack: its heading, its chart (SVG) with a caption, and the table of every figure drawn. */
function packSection(name, title, chart, nothing, caption, table) {
  const id = `table-${name}`;
  chart.setAttribute("role", "img");
  chart.setAttribute("aria-label", `Chart: ${title}. The figures are in the table that follows.`);
  return element("section", { class: "pack-table", id, "data-table": name, "aria-labelledby": `${id}-heading` },
    element("h2", { id: `${id}-heading` }, title),
    element("figure", {},
      element("div", { class: "chart", "data-chart": name }, chart, ...(nothing ? [element("p", { class: "nothing", "data-nothing": "true" }, nothing)] : [])),
      element("figcaption", {}, caption)),
    table);
}

/** A table with a caption, a heading row and one row per item; each cell's figure marked with its field. */
function simpleTable(name, title, headings, rows) {
  return element("table", { "data-for": name },
    element("caption", {}, `Table: ${title}`),
    element("thead", {}, element("tr", {}, ...headings.map((h) => element("th", { scope: "col" }, h)))),
    element("tbody", {}, ...rows.map(({ key, attributes, heading, cells }) => element("tr", { [key[0]]: key[1], ...attributes },
      element("th", { scope: "row" }, heading),
      ...cells.map(([field, text]) => element("td", { "data-field": field }, text))))));
}

const statusLabels = {
  BOARD_ITEM_STATUS_OPEN: "Open", BOARD_ITEM_STATUS_IN_PROGRESS: "In progress", BOARD_ITEM_STATUS_DONE: "Done", BOARD_ITEM_STATUS_DROPPED: "Dropped",
};
const kindLabels = {
  BOARD_ITEM_KIND_SCRUTINY_ACTION: "Action from data scrutiny",
  BOARD_ITEM_KIND_CASE_REVIEW_RECOMMENDATION: "Case review recommendation",
  BOARD_ITEM_KIND_AUDIT_RECOMMENDATION: "Audit recommendation",
};
const itemStates = ["Overdue", "Open", "In progress", "Done", "Dropped"];

/** The board's own trackers: its actions and recommendations, and attendance at its meetings, as BoardService answers them. */
function boardSections(pack) {
  if (!pack.board) {
    return [element("section", { class: "pack-table", id: "table-board", "data-table": "board", "data-board": "none" },
      element("h2", {}, "The board's actions and attendance"),
      element("p", {}, "Not shown: they are for the analysts of the board's member organisations and the hub's administrators, and you manage no board."))];
  }

  return [boardActions(pack.board), boardAttendance(pack.board)];
}

function boardActions(board) {
  const items = board.items.items ?? [];
  const overdue = new Map((board.overdue.items ?? []).map((o) => [o.item.itemId, o.daysOverdue]));
  const state = (i) => (overdue.has(i.itemId) ? "Overdue" : statusLabels[i.status]);
  const title = `Board ${board.id}: actions and recommendations by organisation responsible, as at ${board.overdue.asAt}`;
  const chart = Plot.plot({
    width: 720, height: 300, marginBottom: 40,
    x: { label: "Organisation responsible" },
    y: { grid: true, label: "Items" },
    color: { legend: true, domain: itemStates, range: ["#d4351c", "#1d70b8", "#f47738", "#00703c", "#b1b4b6"] },
    marks: [Plot.barY(items, Plot.groupX({ y: "count" }, { x: "assignedTo", fill: state, title: (i) => `${i.assignedTo}: ${state(i)}` })), Plot.ruleY([0])],
  });
  const rows = items.map((i) => ({
    key: ["data-item", i.itemId], attributes: { "data-status": i.status, "data-overdue": String(overdue.has(i.itemId)) }, heading: i.title,
    cells: [["kind", kindLabels[i.kind]], ["assignedTo", i.assignedTo], ["dueDate", i.dueDate], ["status", statusLabels[i.status]], ["daysOverdue", overdue.get(i.itemId) ?? "-"]],
  }));
  return packSection("board-actions", title, chart, items.length === 0 ? "Nothing to draw: the board has no actions or recommendations." : null,
    `${title}. Overdue: open or in progress after the due date (days overdue in the table). Done and dropped items are final.`,
    simpleTable("board-actions", title, ["Action or recommendation", "Kind", "Responsible", "Due", "Status", "Days overdue"], rows));
}

function boardAttendance(board) {
  const a = board.attendance;
  const members = a.members ?? [];
  const threshold = a.thresholdPercent;
  const below = `Below ${threshold}%: to escalate`;
  const title = `Board ${board.id}: attendance at board meetings by member organisation, ${a.windowStart} to ${a.asAt}`;
  const chart = Plot.plot({
    width: 720, height: 300, marginBottom: 40,
    x: { label: "Member organisation" },
    y: { grid: true, label: "Meetings represented (%)", domain: [0, 100] },
    color: { legend: true, domain: [below, `${threshold}% or more`], range: ["#d4351c", "#00703c"] },
    marks: [
      Plot.barY(members, { x: "organisation", y: (m) => m.percent ?? 0, fill: (m) => (m.escalate ? below : `${threshold}% or more`), title: (m) => `${m.organisation}: ${one(m.percent ?? 0)}%` }),
      Plot.ruleY([threshold], { stroke: "#0b0c0c", strokeDasharray: "4,3" }), Plot.ruleY([0]),
    ],
  });
  const rows = members.map((m) => ({
    key: ["data-member", m.organisation], attributes: { "data-escalate": String(m.escalate === true) }, heading: m.organisation,
    cells: [["expected", m.expected ?? 0], ["attended", m.attended ?? 0], ["deputised", m.deputised ?? 0], ["apologies", m.apologies ?? 0], ["absent", m.absent ?? 0],
      ["percent", `${one(m.percent ?? 0)}%`], ["escalate", m.escalate ? "yes" : "no"]],
  }));
  return packSection("board-attendance", title, chart, members.length === 0 ? "Nothing to draw: no meeting's attendance is recorded in these 12 months." : null,
    `${title}. ${a.meetingsCounted ?? 0} meetings with attendance recorded${a.meetingsUnrecorded ? `, ${a.meetingsUnrecorded} held but not yet recorded (not counted)` : ""}. `
      + `Represented: attended or sent a deputy; apologies do not count. The dashed line is the escalation rate, ${threshold}%.`,
    simpleTable("board-attendance", title, ["Member", "Expected", "Attended", "Sent a deputy", "Apologies", "Absent", "Represented", "Escalate"], rows));
}

/**
 * The table of every cell of the answer: a row and a column for each, each figure marked with the cell it came from.
 * The comparators held for its measures and periods come as rows (or columns) of their own, England and London,
 * with their source and publication under the table.
 */
function grid(table, cells, layout, names, comparators) {
  const references = comparatorCells(comparators);
  const all = [...cells, ...references];
  const rows = distinct(all.map((c) => layout.row(c, names)));
  const columns = distinct(all.map((c) => layout.column(c, names)));
  const at = new Map(all.map((c) => [`${layout.row(c, names).key}|${layout.column(c, names).key}`, c]));
  const sources = distinct(comparators.map((c) => ({ key: `${c.source}|${c.publication}`, label: `${c.source}, ${c.publication}` })));
  return element("table", { "data-for": table.id },
    element("caption", {}, `Table: ${table.title}`),
    element("thead", {}, element("tr", {}, element("th", { scope: "col" }, layout.rowHeading), ...columns.map((c) => element("th", { scope: "col" }, c.label)))),
    element("tbody", {}, ...rows.map((r) => element("tr", {},
      element("th", { scope: "row" }, r.label),
      ...columns.map((c) => {
        const cell = at.get(`${r.key}|${c.key}`);
        return cell?.comparators ? comparatorFigure(cell) : figure(cell);
      })))),
    ...(sources.length > 0
      ? [element("tfoot", {}, element("tr", {}, element("td", { colspan: columns.length + 1, class: "sources", "data-sources": "true" },
        `England and London comparators, as published: ${sources.map((s) => s.label).join("; ")}.`)))]
      : []));
}

const comparatorAreas = { COMPARATOR_AREA_ENGLAND: "england", COMPARATOR_AREA_LONDON: "london" };
const comparatorNames = { "comparator-england": "England (published)", "comparator-london": "London (published)" };
const comparatorFields = {
  COMPARATOR_FIGURE_RATE_PER_10000: "ratePer10000", COMPARATOR_FIGURE_PERCENTAGE: "percentage", COMPARATOR_FIGURE_COUNT: "count", COMPARATOR_FIGURE_VALUE: "value",
};

/** One table cell per area, measure and period, holding that area's figures (a count and its rate are one cell). */
function comparatorCells(comparators) {
  const cells = new Map();
  for (const c of comparators) {
    const borough = `comparator-${comparatorAreas[c.area]}`;
    const key = `${borough}|${c.measure}|${c.period}`;
    if (!cells.has(key)) cells.set(key, { measure: c.measure, period: c.period, borough, breakdown: "", comparators: [] });
    cells.get(key).comparators.push(c);
  }

  return [...cells.values()];
}

function comparatorFigure(cell) {
  const parts = [];
  for (const c of cell.comparators) {
    const field = comparatorFields[c.figure];
    if (parts.length > 0) parts.push(" ");
    parts.push(element("span", { "data-field": field }, field === "count" ? String(c.value ?? 0) : `${one(c.value ?? 0)}${field === "percentage" ? "%" : field === "ratePer10000" ? " per 10,000" : ""}`));
  }

  const first = cell.comparators[0];
  return element("td", { class: "comparator", "data-comparator": comparatorAreas[first.area], "data-comparator-measure": cell.measure, "data-comparator-period": cell.period,
    title: cell.comparators.map((c) => `${c.source}, ${c.publication}`).join("; ") }, ...parts);
}

function comparatorCaption(layout) {
  return layout.chart === rateLinesOf ? "Dashed grey lines: England and London as published (sources under the table)." : "England and London as published: in the table, with their sources.";
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
  "plans-by-borough": { rowHeading: "Borough", row: byBorough, column: byYear, caption: "Rate per 10,000 children under 18 at 31 March, by borough.", chart: rateLinesOf },
  "care-by-borough": { rowHeading: "Borough", row: byBorough, column: byYear, caption: "Rate per 10,000 children under 18 at 31 March, by borough.", chart: rateLinesOf },
  "plans-by-age": { rowHeading: "Age band", row: byBreakdown, column: byBorough, caption: "Number of children, by age band and borough.", chart: (cells, names) => breakdownBars(cells, names, "Age band") },
  "plans-by-category": { rowHeading: "Category", row: byBreakdown, column: byBorough, caption: "Number of children, by the plan's latest category and borough.", chart: (cells, names) => breakdownBars(cells, names, "Category") },
  funnel: { rowHeading: "Borough", row: byBorough, column: byMeasure, caption: "Enquiries, the conferences after them and the conferences resulting in a plan, by borough.",
    chart: (cells, names) => stepBars(cells, names, [["s47-enquiries", "count", "S47 enquiries"], ["icpc-after-s47", "count", "Conferences after S47"], ["icpc-resulting-in-plan", "numerator", "Conferences resulting in a plan"]], "Number") },
  "mash-timeliness": { rowHeading: "Borough", row: byBorough, column: byMeasure, caption: "Median whole hours from contact to MASH decision, by BRAG rating and borough.", chart: (cells, names) => medianBars(cells, names) },
  missing: { rowHeading: "Borough", row: byBorough, column: byMeasure, caption: "Missing episodes and the children who went missing, by borough; interviews in the table.",
    chart: (cells, names) => stepBars(cells, names, [["missing-episodes", "count", "Missing episodes"], ["missing-children", "count", "Children who went missing"]], "Number") },
};

/** The comparators' marks: told apart from the boroughs' by their class, described for assistive technology. */
const comparatorMark = { className: "comparator", ariaDescription: "England and London, as published" };

/** Rates by borough over the years, with the published England and London rates as dashed grey reference lines. */
function rateLinesOf(cells, names, comparators) {
  const years = distinct(cells.map((c) => ({ key: c.period.slice(0, 4) }))).map((y) => y.key);
  const data = cells.filter((c) => !c.breakdown && !c.suppressed && c.ratePer10000 !== undefined)
    .map((c) => ({ year: c.period.slice(0, 4), borough: names[c.borough] ?? c.borough, rate: c.ratePer10000 }));
  const references = comparators.filter((c) => c.figure === "COMPARATOR_FIGURE_RATE_PER_10000")
    .map((c) => ({ year: c.period.slice(0, 4), area: comparatorAreas[c.area] === "england" ? "England" : "London", rate: c.value ?? 0, source: c.source }));
  const last = [...new Map(references.map((r) => [r.area, r])).values()];
  return Plot.plot({
    width: 720, height: 300, marginRight: 70,
    x: { type: "point", label: "Year to 31 March", domain: years },
    y: { grid: true, label: "Per 10,000 children", zero: true },
    color: { legend: true },
    marks: [
      Plot.lineY(references, { x: "year", y: "rate", z: "area", stroke: "#505a5f", strokeDasharray: "5,4", ...comparatorMark }),
      Plot.dot(references, { x: "year", y: "rate", stroke: "#505a5f", fill: "white", title: (d) => `${d.area} ${d.year}: ${one(d.rate)} (${d.source})`, ...comparatorMark }),
      Plot.text(last, { x: "year", y: "rate", text: (d) => d.area, dx: 8, textAnchor: "start", fill: "#505a5f", ...comparatorMark }),
      Plot.lineY(data, { x: "year", y: "rate", stroke: "borough" }),
      Plot.dot(data, { x: "year", y: "rate", fill: "borough", title: (d) => `${d.borough} ${d.year}: ${one(d.rate)}` }),
    ],
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
