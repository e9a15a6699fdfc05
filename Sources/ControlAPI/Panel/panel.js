// ShowCall's control panel: the shows' state from GET /state and the event stream (/events),
// operator commands as POSTs (same origin and no body, which the control API's Origin rule
// asks of a browser). Plain JavaScript, no build step; clock.js holds the clock and the link.
// `?token=` carries the control token; `?view=` (a read-only token, or nothing on loopback)
// hides the commands.
(() => {
  "use strict";
  const SC = window.ShowCall;
  const $ = (id) => document.getElementById(id);
  const MAX_CALLS = 8;

  let shows = [];
  let linkState = "reconnecting";
  const calls = [];
  const outputs = new Map();

  if (SC.readOnly) document.body.classList.add("readonly");
  for (const a of [$("stage-link"), $("runsheet-link")]) a.href = SC.withCredential(a.getAttribute("href"));

  const tz = () => { const s = SC.pick(shows); return s && s.tz; };
  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) td.className = className;
  }

  // The step JUMP offers first: the one waiting for its start, else the first pending after.
  function nextPending(s) {
    const i = s.steps.findIndex((step) => step.name === s.current);
    const from = i < 0 ? 0 : s.steps[i].status === "pending" || s.steps[i].status === "cued" ? i : i + 1;
    return s.steps.slice(from).find((step) => step.status === "pending" || step.status === "cued");
  }

  // What each command can do now, and why not: a button that cannot act is disabled.
  function abilities(s) {
    const running = !!s && s.status === "running" && linkState !== "ended";
    const why = !s ? "no show is running" : s.status !== "running" ? `the show has ${s.status === "done" ? "ended" : s.status}` : "";
    const go = !running ? why : s.held ? "show is held (RESUME first)"
      : s.current_status === "running" ? `step '${s.current}' is already running` : "";
    return {
      go, hold: running ? "" : why, skip: running ? "" : why, abort: running ? "" : why,
      jump: !running ? why : $("jump-step").value ? "" : "no step to jump to",
    };
  }

  function renderState() {
    const s = SC.pick(shows);
    $("show-name").textContent = s ? s.show : "No show yet";
    document.title = s ? `${s.show} · ShowCall` : "ShowCall";
    const state = SC.stateOf(s);
    $("state").textContent = state.text;
    $("state").className = "badge " + state.key;
    const t = SC.now();
    const body = $("steps").tBodies[0];
    body.replaceChildren();
    for (const [i, step] of (s ? s.steps : []).entries()) {
      const row = body.insertRow();
      row.className = step.status + (step.name === s.current ? " current" : "");
      row.dataset.step = step.name;
      cell(row, i + 1);
      cell(row, step.name);
      if (step.cue) {
        const cue = document.createElement("div");
        cue.className = "step-cue";
        cue.textContent = `cue: ${step.cue}`;
        row.cells[1].append(cue);
      }
      cell(row, step.status, "status");
      cell(row, SC.timeText(step.scheduled, s.tz));
      cell(row, SC.timeText(step.started, s.tz));
      const ou = step.started != null ? SC.stepOverUnder(step, t) : null;
      cell(row, ou == null ? "" : SC.overUnderText(ou), ou == null ? "" : ou >= 1 ? "late" : "early");
      cell(row, SC.timeText(step.ended, s.tz));
    }
    // Jump list: by name, the next pending step first and chosen unless another was.
    const jump = $("jump-step");
    const chosen = jump.dataset.chosen;
    jump.replaceChildren();
    if (s) {
      const first = nextPending(s);
      const ordered = first ? [first, ...s.steps.filter((x) => x !== first)] : s.steps;
      for (const step of ordered) {
        const label = step.name + (step === first ? " (next)" : step.status !== "pending" ? ` (${step.status})` : "");
        jump.add(new Option(label, step.name, false, step.name === chosen));
      }
      if (!ordered.some((x) => x.name === chosen)) jump.value = first ? first.name : "";
    }
    $("hold-text").textContent = s && s.held ? "RESUME" : "HOLD";
    $("hold").classList.toggle("resume", !!(s && s.held));
    const can = abilities(s);
    for (const id of ["go", "hold", "skip", "jump", "abort"]) {
      $(id).disabled = !!can[id];
      $(id).title = can[id] || "";
    }
    tick();
  }

  // Clock, countdown, cue and over/under, four times a second.
  function tick() {
    const t = SC.now();
    const s = SC.pick(shows);
    $("clock").textContent = SC.timeText(t, tz(), true);
    const countdown = $("countdown");
    countdown.className = "";
    $("cue").textContent = "";
    $("current").textContent = s && s.current ? s.current : "—";
    $("current-detail").textContent = s && s.current ? s.current_status : "";
    if (!s || s.status !== "running") {
      const state = SC.stateOf(s);
      $("next-label").textContent = s ? `Show ${s.status === "done" ? "ended" : s.status}` : "Next";
      countdown.textContent = s ? state.text : "—";
      countdown.className = s ? "over " + state.key : "";
    } else if (s.held) {
      $("next-label").textContent = "On hold";
      countdown.textContent = "HOLD";
      countdown.className = "held";
    } else if (s.current_status === "cued") {
      $("next-label").textContent = `Next: ${s.current}`;
      countdown.textContent = "WAITING FOR GO";
      countdown.className = "cued";
      $("cue").textContent = `${s.cue || s.current} · waiting ${SC.duration(t - (s.cued_at == null ? t : s.cued_at))}`;
    } else if (s.next_at != null) {
      $("next-label").textContent = `Next: ${s.next || ""} at ${SC.timeText(s.next_at, s.tz)}`;
      countdown.textContent = SC.countdown(s.next_at - t);
    } else {
      $("next-label").textContent = s.next ? `Next: ${s.next}` : "Next";
      countdown.textContent = "—";
    }
    const ou = s && s.status === "running" ? SC.overUnder(s, t) : null;
    $("overunder").textContent = ou == null ? "" : "Over/under " + SC.overUnderText(ou);
    $("overunder").className = "overunder " + (ou == null ? "" : ou >= 1 ? "late" : "early");
  }

  // Outputs: each platform object the show has called, its last known state, where that
  // came from (a call's outcome or a read) and when.
  function renderCalls() {
    const list = $("calls");
    list.replaceChildren();
    for (const c of calls) {
      const li = document.createElement("li");
      li.className = c.ok ? "ok" : "failed";
      li.textContent = `${SC.timeText(c.time, tz())} ${c.operation} ${c.ok ? "✓" : "✗"} ${c.text}`;
      list.append(li);
    }
    if (!calls.length) list.innerHTML = '<li class="none">no calls yet</li>';
    const box = $("outputs");
    box.replaceChildren();
    let live = 0;
    for (const [key, o] of [...outputs].sort()) {
      const li = document.createElement("li");
      li.className = "output " + (o.ok === false ? "failed" : o.live ? "live" : "idle");
      li.dataset.output = key;
      if (o.live) live += 1;
      const state = document.createElement("strong");
      state.textContent = o.state || (o.ok ? "ok" : "FAILED");
      const how = document.createElement("span");
      how.className = "source";
      how.textContent = ` (${o.source === "read" ? "read" : "call " + (o.operation || "")} at ${SC.timeText(o.time, tz())})`;
      li.append(`${o.label || key}: `, state, how);
      box.append(li);
    }
    if (!outputs.size) box.innerHTML = '<li class="none">no outputs yet</li>';
    $("onair").textContent = live ? `ON AIR ${live}` : "OFF AIR";
    $("onair").className = "badge " + (live ? "on" : "off");
  }

  function say(text, kind = "error") {
    $("message").textContent = text;
    $("message").className = kind;
  }

  async function command(path, label) {
    say("");
    try {
      const response = await fetch(path, { method: "POST", headers: SC.headers });
      if (response.status === 401) return say("Control needs the token: open the page with ?token=…");
      const answer = await response.json().catch(() => ({}));
      // Refusals are {"error": {"code", "message"}}; a command the show did nothing with is
      // {"ok": false, "ignored": "why"}.
      if (!response.ok) return say((answer.error && answer.error.message) || `${path}: HTTP ${response.status}`);
      if (answer.ignored) return say(`${label} ignored: ${answer.ignored}`, "ignored");
      say(`${label} ✓`, "done");
    } catch (e) {
      say(`${path}: ${e.message}`);
    }
  }

  function press(id) {
    const button = $(id);
    if (button.disabled) return say(`${id.toUpperCase()} is not available: ${button.title}`, "ignored");
    button.click();
  }

  SC.connect({
    onState: (list) => { shows = list; renderState(); },
    onEvent: (type, e) => {
      // A command the show ignored, whoever sent it (this page, Companion, curl).
      if (type === "ignored") say(e.text, "ignored");
      if (type === "platform_call") {
        // A watch's reads are the outputs' state, not calls the show made.
        if (!e.watch) {
          calls.unshift(e);
          calls.length = Math.min(calls.length, MAX_CALLS);
        }
        if (e.output) {
          // A call that does not say whether the output is on air leaves what we knew.
          const before = outputs.get(e.output);
          outputs.set(e.output, { ...e, source: e.read ? "read" : "call", live: e.live != null ? e.live : !!(before && before.live) });
        }
        renderCalls();
      }
    },
    onLink: (state, text) => {
      linkState = state;
      $("link").textContent = text;
      $("link").className = "badge " + state;
      document.body.classList.toggle("stale", state === "stale" || state === "reconnecting");
      if (state === "connected") calls.length = 0; // the server replays the recent calls on each (re)connection
      renderState();
    },
  });

  $("go").onclick = () => command("/go", "GO");
  $("hold").onclick = () => { const s = SC.pick(shows); command(s && s.held ? "/resume" : "/hold", s && s.held ? "RESUME" : "HOLD"); };
  $("skip").onclick = () => command("/skip", "SKIP");
  $("jump-step").onchange = () => { $("jump-step").dataset.chosen = $("jump-step").value; renderState(); };
  $("jump").onclick = () => $("jump-step").value && command("/jump/" + encodeURIComponent($("jump-step").value), `JUMP to ${$("jump-step").value}`);
  const confirmOpen = () => !$("confirm").hidden;
  $("abort").onclick = () => { $("confirm").hidden = false; $("confirm-yes").focus(); };
  $("confirm-no").onclick = () => { $("confirm").hidden = true; };
  $("confirm-yes").onclick = () => { $("confirm").hidden = true; command("/abort", "ABORT"); };

  // Keys: space or G = GO, H = HOLD/RESUME, S = SKIP, J = JUMP, A = ABORT (then Y or A again
  // to confirm, Esc or N to cancel). Not while typing in a field or with a modifier held.
  document.addEventListener("keydown", (e) => {
    if (SC.readOnly || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
    const key = e.key.toLowerCase();
    if (confirmOpen()) {
      if (key === "y" || key === "a") $("confirm-yes").click();
      else if (key === "escape" || key === "n") $("confirm-no").click();
      else return;
      e.preventDefault();
      return;
    }
    if (e.target instanceof HTMLSelectElement && key !== "j") return;
    const target = { " ": "go", g: "go", h: "hold", s: "skip", j: "jump", a: "abort" }[key];
    if (!target) return;
    e.preventDefault();
    press(target);
  });

  setInterval(tick, 250);
})();
