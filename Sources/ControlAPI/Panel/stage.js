// The stage timer (`/stage`): one huge countdown to the next step or cue, the current step,
// over/under in colour, and the time of day in the show's zone. Read-only: the view token is
// enough. clock.js holds the clock and the link.
(() => {
  "use strict";
  const SC = window.ShowCall;
  const $ = (id) => document.getElementById(id);
  let shows = [];

  function render() {
    const t = SC.now();
    const s = SC.pick(shows);
    $("clock").textContent = SC.timeText(t, s && s.tz, true);
    $("show").textContent = s ? s.show : "ShowCall";
    const timer = $("timer");
    let label = "", text = "—", kind = "", prompt = "", step = "";
    if (!s) {
      label = "Waiting for the show";
    } else if (s.status !== "running") {
      label = "Show";
      text = SC.stateOf(s).text;
      kind = "words ended";
    } else if (s.held) {
      label = "On hold";
      text = "HOLD";
      kind = "words held";
      step = s.current || "";
    } else if (s.current_status === "cued") {
      label = `Standing by · waiting ${SC.duration(t - (s.cued_at == null ? t : s.cued_at))}`;
      text = "WAITING FOR GO";
      kind = "words cued";
      prompt = s.cue || s.current;
      step = s.current;
    } else if (s.next_at != null) {
      label = `Next: ${s.next || ""}`;
      text = SC.countdown(s.next_at - t);
      step = s.current_status === "running" ? `Now: ${s.current}` : "";
    } else if (s.current_status === "running") {
      const started = (s.steps.find((x) => x.name === s.current) || {}).started;
      label = "Running for";
      text = started == null ? "—" : SC.duration(t - started);
      step = `Now: ${s.current}`;
    }
    $("label").textContent = label;
    timer.textContent = text;
    timer.className = kind;
    $("prompt").textContent = prompt;
    $("step").textContent = step;
    const ou = s && s.status === "running" ? SC.overUnder(s, t) : null;
    $("overunder").textContent = ou == null ? "" : SC.overUnderText(ou);
    $("overunder").className = ou == null ? "" : ou >= 1 ? "late" : "early";
  }

  SC.connect({
    onState: (list) => { shows = list; render(); },
    onLink: (state, text) => { $("link").textContent = text; $("link").className = state; },
  });
  setInterval(render, 250);
})();
