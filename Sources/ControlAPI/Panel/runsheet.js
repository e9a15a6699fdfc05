// The run sheet: the show on one page, from `showcall plan --html` (the sheet is in the page,
// in <script id="sheet-data">) or from the control page's running show (GET /state). Steps on
// a time axis in the show's zone, cues and their prompts marked, clock-timed, relative and cued
// steps told apart by shape, parallel actions as lanes. clock.js formats the times.
(() => {
  "use strict";
  const SC = window.ShowCall;
  const h = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    for (const c of children) e.append(c);
    return e;
  };
  const shape = (kind) => h("span", { class: "shape " + kind, title: kind });
  const KIND = { clock: "at a time of day", relative: "after the previous step", cue: "on the operator's GO" };

  // How a step starts, in few words; a cue's prompt has its own box.
  function startText(s) {
    const parts = [];
    if (s.at) parts.push(`at ${s.at}`);
    if (s.after) parts.push(`${SC.duration(s.after).replace(/^00:/, "")} after previous`);
    if (!parts.length) parts.push(s.kind === "cue" ? "on GO" : "right after previous");
    return parts.join(", ");
  }

  function render(sheet) {
    const main = document.getElementById("sheet");
    main.replaceChildren();
    const steps = sheet.steps.filter((s) => s.scheduled != null);
    const first = steps.length ? steps[0].scheduled : 0;
    const last = steps.length ? steps[steps.length - 1].scheduled : 0;
    const zone = steps.length ? SC.zoneName(first, sheet.tz) : "";
    const day = steps.length ? new Intl.DateTimeFormat("en-GB", { timeZone: sheet.tz || undefined, weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(first * 1000)) : "";
    main.append(h("header", {},
      h("h1", {}, sheet.show),
      h("div", { class: "meta" }, `${day} · times in ${sheet.tz || "local time"} (${zone})`, h("br"), `${sheet.steps.length} steps`)));
    main.append(h("div", { class: "legend" },
      h("span", {}, shape("clock"), " at a time of day"), h("span", {}, shape("relative"), " after the previous step"),
      h("span", {}, shape("cue"), " cue: waits for the operator's GO")));

    // The time axis: each step where it falls between the first and the last.
    const axis = h("div", { class: "axis", "aria-label": "time axis" });
    const span = Math.max(1, last - first);
    const at = (t) => `${((t - first) / span) * 100}%`;
    const heights = ["up", "mid", "high"];
    steps.forEach((s, i) => {
      axis.append(h("div", { class: `mark ${heights[i % 3]}`, style: `left:${at(s.scheduled)}` },
        h("span", {}, shape(s.kind), " ", s.name), h("span", { class: "pin" })));
    });
    const quarter = 15 * 60;
    for (let t = Math.ceil(first / quarter) * quarter; t <= last; t += quarter) {
      axis.append(h("span", { class: "tick", style: `left:${at(t)}` }, SC.timeText(t, sheet.tz, false, false).slice(0, 5)));
    }
    main.append(axis);

    const table = h("table", {}, h("thead", {}, h("tr", {}, ...["#", "Time", "Step", "Starts", "Actions"].map((t) => h("th", {}, t)))));
    const body = h("tbody");
    sheet.steps.forEach((s, i) => {
      const start = h("td", { class: "start" }, shape(s.kind), " ", startText(s));
      if (s.cue) start.append(h("br"), h("span", { class: "cue-box" }, "CUE: " + s.cue));
      const actions = h("td");
      for (const a of s.actions || []) {
        if (a.lanes) {
          actions.append(h("div", { class: "lanes", title: "at once" }, ...a.lanes.map((l) => h("div", { class: "lane action" }, l))));
        } else {
          actions.append(h("div", { class: "action" }, a.name));
        }
      }
      const notes = [s.guarded && "guarded", s.on_failure && "on failure: " + s.on_failure].filter(Boolean);
      if (notes.length) actions.append(h("div", { class: "note" }, notes.join(" · ")));
      body.append(h("tr", { class: s.kind },
        h("td", { class: "num" }, String(i + 1)), h("td", { class: "time" }, SC.timeText(s.scheduled, sheet.tz, false, false)),
        h("td", { class: "step" }, s.name), start, actions));
    });
    table.append(body);
    main.append(table);
    main.append(h("footer", {}, "ShowCall run sheet · planned times; actions take no time in a plan"));
    document.title = `${sheet.show} · run sheet`;
  }

  // The printout holds the sheets of the shows the script planned: the first is the page.
  const embedded = document.getElementById("sheet-data");
  if (embedded) {
    render(JSON.parse(embedded.textContent)[0]);
  } else {
    fetch(SC.withCredential("/state"), { headers: SC.headers }).then((r) => r.json()).then((shows) => {
      const s = SC.pick(shows);
      if (!s) return void (document.getElementById("sheet").textContent = "No show has started.");
      render({ show: s.show, tz: s.tz, steps: s.steps });
    });
  }
})();
