// What the control page and the stage timer share: the server's clock, the link to the server
// (the event stream, its ticks, the end of the run), and how times read in the show's zone.
// Plain JavaScript, no build step; everything hangs off `window.ShowCall`.
(() => {
  "use strict";
  const params = new URLSearchParams(location.search);
  const token = params.get("token");
  const credential = token ? "token=" + encodeURIComponent(token)
    : params.get("view") ? "view=" + encodeURIComponent(params.get("view")) : "";
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const withCredential = (path) => path + (credential ? (path.includes("?") ? "&" : "?") + credential : "");

  // The server's clock. Each /state answer is a sample: the server's time (`ShowCall-Now`)
  // against the middle of the round trip, good to half the round trip; the sample with the
  // shortest round trip in the last two minutes wins. The stream's ticks arrive a little after
  // they were stamped, so until a round trip has been measured they give a first estimate.
  const SAMPLE_EVERY = 10000, SAMPLE_KEPT = 120000, STALE_AFTER = 3500;
  let samples = []; // {at, offset, rtt}, in ms
  let tickOffset = null;
  let lastTick = 0;
  function offsetMs() {
    if (samples.length) return samples.reduce((a, b) => (b.rtt < a.rtt ? b : a)).offset;
    return tickOffset == null ? 0 : tickOffset;
  }
  /** The server's time now, seconds since 1970. */
  const now = () => (Date.now() + offsetMs()) / 1000;

  async function sample() {
    const t0 = Date.now();
    const response = await fetch(withCredential("/state"), { headers, cache: "no-store" });
    const t1 = Date.now();
    const server = Number(response.headers.get("ShowCall-Now"));
    const body = response.ok ? await response.json() : null;
    if (response.ok && Number.isFinite(server)) {
      samples.push({ at: t1, offset: server * 1000 - (t0 + t1) / 2, rtt: t1 - t0 });
      samples = samples.filter((s) => t1 - s.at <= SAMPLE_KEPT);
    }
    return body;
  }

  // Times in the show's zone: "09:50:00", dated when not today there; the zone's short name.
  const formats = new Map();
  function format(tz, options) {
    const key = tz + JSON.stringify(options);
    if (!formats.has(key)) {
      try {
        formats.set(key, new Intl.DateTimeFormat("en-GB", { timeZone: tz || undefined, ...options }));
      } catch (e) {
        formats.set(key, new Intl.DateTimeFormat("en-GB", options));
      }
    }
    return formats.get(key);
  }
  const HMS = { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" };
  const DAY = { year: "numeric", month: "2-digit", day: "2-digit" };
  function dayOf(t, tz) {
    const p = Object.fromEntries(format(tz, DAY).formatToParts(new Date(t * 1000)).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day}`;
  }
  function zoneName(t, tz) {
    for (const locale of ["en-US", "en-GB"]) {
      const f = new Intl.DateTimeFormat(locale, { timeZone: tz || undefined, timeZoneName: "short" });
      const name = f.formatToParts(new Date(t * 1000)).find((x) => x.type === "timeZoneName").value;
      if (!/^GMT[+-]/.test(name)) return name === "GMT" && /UTC/i.test(tz || "") ? "UTC" : name;
    }
    return new Intl.DateTimeFormat("en-US", { timeZone: tz || undefined, timeZoneName: "short" })
      .formatToParts(new Date(t * 1000)).find((x) => x.type === "timeZoneName").value;
  }
  /** "09:50:00" in the zone, with the date first when not today there (unless `dated` is
   *  false); `zone` adds "EST". */
  function timeText(t, tz, zone = false, dated = true) {
    if (t == null) return "";
    let text = format(tz, HMS).format(new Date(t * 1000));
    if (dated && dayOf(t, tz) !== dayOf(now(), tz)) text = dayOf(t, tz) + " " + text;
    return zone ? text + " " + zoneName(t, tz) : text;
  }
  const two = (n) => String(n).padStart(2, "0");
  function duration(s) {
    s = Math.max(0, Math.floor(s));
    return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  }
  /** Seconds a countdown shows: rounded up, so 00:00:00 is the moment itself. */
  const countdown = (s) => duration(Math.ceil(Math.max(0, s)));

  // Over/under in Ontime's sense, the rule of ShowEngine's OverUnder: a step that started is
  // as late as its start against the schedule; the step waiting is as late as it will start at
  // the soonest. Positive is late.
  function stepOverUnder(step, t, plannedStart) {
    if (!step || step.scheduled == null) return null;
    if (step.started != null) return step.started - step.scheduled;
    if (step.status !== "pending" && step.status !== "cued") return null;
    return Math.max(t, plannedStart == null ? t : plannedStart) - step.scheduled;
  }
  function overUnder(show, t) {
    if (!show || !show.current) return null;
    return stepOverUnder(show.steps.find((s) => s.name === show.current), t, show.next_at);
  }
  function overUnderText(s) {
    if (s == null) return "";
    const r = Math.round(Math.abs(s));
    if (r < 1) return "on time";
    return (s > 0 ? "+" : "−") + duration(r) + (s > 0 ? " late" : " early");
  }

  /** The show to display: the first one running, else the last one seen. */
  const pick = (shows) => shows.find((s) => s.status === "running") || shows[shows.length - 1];

  /** The show's state for people: waiting, running, held, waiting for GO, done, aborted, failed. */
  function stateOf(show) {
    if (!show) return { key: "waiting", text: "NO SHOW YET" };
    if (show.status === "running") {
      if (show.held) return { key: "held", text: "HELD" };
      if (show.current_status === "cued") return { key: "cued", text: "WAITING FOR GO" };
      if (show.current_status === "running") return { key: "running", text: "RUNNING" };
      return { key: "waiting", text: "WAITING" };
    }
    const failed = show.steps.some((s) => s.status === "failed");
    if (show.status === "aborted") return failed ? { key: "failed", text: "FAILED" } : { key: "aborted", text: "ABORTED" };
    return { key: "ended", text: "ENDED" };
  }

  // The link: the event stream, re-opened after a drop until the server says the run ended.
  // `link(state, text)` hears "connected", "reconnecting", "stale" (no tick for a while) and
  // "ended".
  function connect({ onState, onEvent = () => {}, onLink = () => {} }) {
    let stream, ended = false, linkState = "";
    const setLink = (state, text) => {
      if (state !== linkState || state === "stale") onLink(state, text);
      linkState = state;
    };
    const refresh = () => sample().then((body) => { if (body) onState(body); }).catch(() => {});
    function open() {
      stream = new EventSource(withCredential("/events"));
      stream.onopen = () => {
        lastTick = Date.now();
        setLink("connected", "CONNECTED");
      };
      stream.onerror = () => {
        if (ended) return;
        setLink("reconnecting", "RECONNECTING…");
        // The browser retries by itself unless the server refused; then try again shortly.
        if (stream.readyState === EventSource.CLOSED) setTimeout(open, 2000);
      };
      stream.addEventListener("state", (e) => onState(JSON.parse(e.data)));
      stream.addEventListener("tick", (e) => {
        lastTick = Date.now();
        const t = JSON.parse(e.data).now;
        if (Number.isFinite(t)) tickOffset = t * 1000 - lastTick;
        if (linkState !== "connected") setLink("connected", "CONNECTED");
      });
      stream.addEventListener("ended", () => {
        ended = true;
        stream.close();
        setLink("ended", "RUN ENDED");
      });
      stream.onmessage = () => {};
      for (const type of ["platform_call", "ignored", "cue", "go", "hold", "resume", "jump", "step_started", "step_done",
        "step_failed", "step_skipped", "show_started", "show_done", "show_aborted", "action_done", "action_failed", "output"]) {
        stream.addEventListener(type, (e) => onEvent(type, JSON.parse(e.data)));
      }
    }
    setInterval(() => {
      if (ended) return;
      const silent = Date.now() - lastTick;
      if (linkState === "connected" && silent > STALE_AFTER) setLink("stale", `STALE ${Math.round(silent / 1000)} s`);
    }, 500);
    setInterval(() => { if (!ended) refresh(); }, SAMPLE_EVERY);
    // Three quick samples to start with: the shortest round trip of them sets the clock.
    refresh().then(refresh).then(refresh);
    open();
    return { ended: () => ended };
  }

  window.ShowCall = {
    token, headers, withCredential, now, timeText, zoneName, duration, countdown,
    overUnder, stepOverUnder, overUnderText, pick, stateOf, connect,
    readOnly: params.has("view") && !token,
  };
})();
