// ShowCall's control panel: the shows' state from GET /state and the event stream (/events),
// operator commands as POSTs (same origin and no body, which the control API's Origin rule
// asks of a browser). Plain JavaScript, no build step. `?token=` carries the control
// token; `?view=` (a read-only token, or nothing on loopback) hides the commands.
(() => {
  "use strict";
  const params = new URLSearchParams(location.search);
  const token = params.get("token");
  const readOnly = params.has("view") && !token;
  const credential = token ? "token=" + encodeURIComponent(token)
    : params.get("view") ? "view=" + encodeURIComponent(params.get("view")) : "";
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const $ = (id) => document.getElementById(id);
  const MAX_CALLS = 8;

  let shows = [];
  let offset = 0; // the show clock minus this machine's clock, in seconds
  const calls = [];
  const platforms = new Map();

  if (readOnly) document.body.classList.add("readonly");

  const now = () => Date.now() / 1000 + offset;
  const two = (n) => String(n).padStart(2, "0");
  function clockText(t) {
    if (t == null) return "";
    const d = new Date(t * 1000);
    return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  }
  function durationText(s) {
    s = Math.max(0, Math.ceil(s));
    return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  }
  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) td.className = className;
  }

  // The show on screen: the first one running, else the last one seen.
  function show() {
    return shows.find((s) => s.status === "running") || shows[shows.length - 1];
  }

  function renderState() {
    const s = show();
    $("show-name").textContent = s ? s.show : "No show yet";
    document.title = s ? `${s.show} · ShowCall` : "ShowCall";
    const body = $("steps").tBodies[0];
    body.replaceChildren();
    const jump = $("jump-step");
    const chosen = jump.value;
    jump.replaceChildren();
    for (const [i, step] of (s ? s.steps : []).entries()) {
      const row = body.insertRow();
      row.className = step.status + (step.name === s.current ? " current" : "");
      row.dataset.step = step.name;
      cell(row, i + 1);
      cell(row, step.name);
      cell(row, step.status, "status");
      cell(row, clockText(step.planned));
      cell(row, clockText(step.started));
      cell(row, clockText(step.ended));
      jump.add(new Option(`${i + 1}. ${step.name}`, step.name, false, step.name === chosen));
    }
    $("current").textContent = s && s.current ? `${s.current} (${s.current_status})` : "—";
    $("hold").textContent = s && s.held ? "RESUME" : "HOLD";
    const running = !!s && s.status === "running";
    for (const id of ["go", "hold", "skip", "jump", "abort"]) $(id).disabled = !running;
    tick();
  }

  // Clock and countdown, four times a second.
  function tick() {
    $("clock").textContent = clockText(now());
    const s = show();
    const countdown = $("countdown");
    countdown.className = "";
    if (!s || s.status !== "running") {
      $("next-label").textContent = s ? `Show ${s.status}` : "Next cue";
      countdown.textContent = "—";
    } else if (s.held) {
      $("next-label").textContent = "On hold";
      countdown.textContent = "HOLD";
      countdown.className = "held";
    } else if (s.next_at != null) {
      $("next-label").textContent = `Next: ${s.next || ""}`;
      countdown.textContent = durationText(s.next_at - now());
    } else if (s.current_status === "cued") {
      $("next-label").textContent = `Next: ${s.current}`;
      countdown.textContent = "WAITING FOR GO";
      countdown.className = "cued";
    } else {
      $("next-label").textContent = "Next cue";
      countdown.textContent = "—";
    }
  }

  function renderCalls() {
    const list = $("calls");
    list.replaceChildren();
    for (const c of calls) {
      const li = document.createElement("li");
      li.className = c.ok ? "ok" : "failed";
      li.textContent = `${clockText(c.time)} ${c.operation} ${c.ok ? "✓" : "✗"} ${c.text}`;
      list.append(li);
    }
    const states = $("platforms");
    states.replaceChildren();
    for (const [name, c] of [...platforms].sort()) {
      const li = document.createElement("li");
      li.className = c.ok ? "ok" : "failed";
      li.textContent = `${name}: ${c.operation.split(/[.:]/).slice(1).join(" ")} ${c.ok ? "ok" : "FAILED"} at ${clockText(c.time)}`;
      states.append(li);
    }
  }

  function say(text) {
    $("message").textContent = text;
  }

  async function command(path) {
    say("");
    try {
      const response = await fetch(path, { method: "POST", headers });
      if (response.status === 401) return say("Control needs the token: open the page with ?token=…");
      const answer = await response.json().catch(() => ({}));
      // Refusals are {"error": {"code", "message"}}.
      if (!response.ok) say((answer.error && answer.error.message) || `${path}: HTTP ${response.status}`);
    } catch (e) {
      say(`${path}: ${e.message}`);
    }
  }

  async function refresh() {
    const response = await fetch("/state" + (credential ? "?" + credential : ""), { headers });
    if (response.ok) {
      shows = await response.json();
      renderState();
    }
  }

  let stream;
  function connect() {
    stream = new EventSource("/events" + (credential ? "?" + credential : ""));
    stream.onopen = () => {
      calls.length = 0; // the server replays the recent calls on each (re)connection
      $("link").textContent = "LIVE";
      $("link").className = "link up";
    };
    stream.onerror = () => {
      $("link").textContent = "reconnecting…";
      $("link").className = "link down";
      // The browser retries by itself unless the server refused; then try again shortly.
      if (stream.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
    };
    stream.addEventListener("state", (e) => {
      shows = JSON.parse(e.data);
      for (const s of shows) if (s.clock != null && s.status === "running") offset = s.clock - Date.now() / 1000;
      renderState();
    });
    stream.addEventListener("platform_call", (e) => {
      const c = JSON.parse(e.data);
      calls.unshift(c);
      calls.length = Math.min(calls.length, MAX_CALLS);
      platforms.set(c.platform, c);
      renderCalls();
    });
  }

  $("go").onclick = () => command("/go");
  $("hold").onclick = () => command(show() && show().held ? "/resume" : "/hold");
  $("skip").onclick = () => command("/skip");
  $("jump").onclick = () => $("jump-step").value && command("/jump/" + encodeURIComponent($("jump-step").value));
  $("abort").onclick = () => { $("confirm").hidden = false; };
  $("confirm-no").onclick = () => { $("confirm").hidden = true; };
  $("confirm-yes").onclick = () => { $("confirm").hidden = true; command("/abort"); };

  setInterval(tick, 250);
  refresh().catch(() => {});
  connect();
})();
