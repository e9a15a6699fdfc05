-- The simulator keeps what its webhook (/_sim/webhooks/NAME) receives, answering as Slack does.
local sim = require "showcall.sim"
local http = require "showcall.http"
local notify = require "showcall.notify"
local show = require "showcall.show"

describe("notify", function()
  before_each(function() sim.reset() end)

  it("posts Slack-compatible JSON with the prefix, escaped", function()
    local hook = notify.webhook(sim.webhook_url("ops"), { prefix = "[Town hall] " })
    expect(hook:send('Doors "open"\n\tnow \\ é')).to_be(true)
    local got = sim.webhooks()
    expect(#got).to_be(1)
    expect(got[1].path).to_be("/webhooks/ops")
    expect(got[1].text).to_be('[Town hall] Doors "open"\n\tnow \\ é')
    assert.same({ text = '[Town hall] Doors "open"\n\tnow \\ é' }, got[1].payload)
  end)

  it("redacts the path and query of a webhook URL, and any user:password", function()
    expect(notify.redact("https://hooks.slack.com/services/T000/B000/XXXXSECRET")).to_be("https://hooks.slack.com/[redacted]")
    expect(notify.redact("https://user:pw@example.com:8443/hook?token=abc")).to_be("https://example.com:8443/[redacted]")
    expect(notify.redact("http://127.0.0.1:9000")).to_be("http://127.0.0.1:9000")
    expect(tostring(notify.webhook("https://hooks.slack.com/services/T/B/SECRET"))).to_be("webhook https://hooks.slack.com/[redacted]")
  end)

  it("raises when the webhook refuses, without the secret part of its URL", function()
    local url = sim.webhook_url("ops"):gsub("webhooks/ops", "no-such-hook/SECRET123")
    local ok, err = pcall(notify.webhook(url).send, notify.webhook(url), "hello")
    expect(ok).to_be(false)
    expect(tostring(err)).to_match("answered HTTP 404")
    expect(tostring(err):find("SECRET123", 1, true)).to_be_nil()
  end)

  it("raises when nothing answers, without the secret part of its URL", function()
    local hook = notify.webhook("http://127.0.0.1:9/services/T0/B0/SECRET456", { timeout = 2 })
    local ok, err = pcall(hook.send, hook, "hello")
    expect(ok).to_be(false)
    expect(tostring(err)).to_match("no answer")
    expect(tostring(err):find("SECRET456", 1, true)).to_be_nil()
  end)

  it("only logs in a rehearsal what it would post beyond this machine", function()
    expect(notify.webhook("https://hooks.slack.com/services/T/B/X"):send("hi")).to_be(false)
    expect(function() http.post("https://hooks.slack.com/services/T/B/X", "{}") end).to_error("refused in a rehearse")
  end)

  it("checks its URL", function()
    expect(function() notify.webhook(nil) end).to_error("url must be an http")
    expect(function() notify.webhook("ftp://x/y") end).to_error("url must be an http")
  end)

  it("sends a show's failed steps, its chosen steps and its abort", function()
    local hook = notify.webhook(sim.webhook_url("show"))
    local s = show.new("Evening")
    s:step("open", { run = function() end })
    s:step("guest", { on_failure = "continue", run = function() error("no video", 0) end })
    s:step("close", { run = function() error("encoder down", 0) end })
    hook:watch(s, { steps = { "open" } })
    expect(s:run()).to_be("aborted")
    local texts = {}
    for i, m in ipairs(sim.webhooks()) do texts[i] = m.text end
    table.sort(texts)
    assert.same({
      "FAILED: show 'Evening' aborted after 0.0s",
      "FAILED: step 'close' failed: encoder down",
      "FAILED: step 'guest' failed: no video",
      "step 'open' done",
    }, texts)
  end)

  it("sends an action's failure and still raises it", function()
    local hook = notify.webhook(sim.webhook_url("ops"))
    local guarded = hook:on_failure("zoom live stream", function() error("not configured", 0) end)
    expect(guarded).to_error("not configured")
    hook:flush()
    expect(sim.webhooks()[1].text).to_be("zoom live stream failed: not configured")
    expect(hook:action("We are live").fn()).to_be("sent")
    expect(sim.webhooks()[2].text).to_be("We are live")
  end)
end)
