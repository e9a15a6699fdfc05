--- Messages to a webhook as Slack-compatible JSON (`{"text": "..."}`; Slack, Mattermost, Rocket.Chat,
--- Teams workflows and the simulator's `/_sim/webhooks/` take it): on chosen steps, on failure,
--- or whenever the script says. Posting suspends only the calling task.
---
--- A webhook URL is a secret (Slack's carries its token in the path): logs and errors show
--- only its scheme and host. A rehearsal posts only to loopback (the simulator); to any other
--- host it logs what it would have sent.
---
---     local notify = require "showcall.notify"
---     local ops = notify.webhook(os.getenv("SLACK_WEBHOOK"), { prefix = "[Town hall] " })
---     ops:watch(s, { steps = { "go-live", "off-air" } })   -- and every failure, by default
---     ops:send("Doors open in 15 minutes")
local core = require "showcall.core"
local http = require "showcall.http"
local sc = require "showcall"

local M = {}

--- `url` as far as it may be shown: scheme and host (with port); the path and query, which
--- may hold a token, become "/[redacted]".
---@param url string
---@return string
function M.redact(url)
  local base, rest = tostring(url):match("^(%a[%w+.-]*://[^/?#]+)(.*)$")
  if not base then return "[redacted URL]" end
  base = base:gsub("//[^@/]*@", "//") -- user:password@
  if rest == "" or rest == "/" then return base end
  return base .. "/[redacted]"
end

local ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }

--- `s` as a JSON string literal (UTF-8 passes through; other control characters are escaped).
---@param s string
---@return string
local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return ESCAPES[c] or ("\\u%04x"):format(c:byte()) end) .. '"'
end

--- Whether `url` points at this machine, where a rehearsal may post.
---@param url string
---@return boolean
local function loopback(url)
  local authority = (url:match("^%a[%w+.-]*://([^/?#]+)") or ""):gsub("^.*@", "")
  local host = authority:match("^%[(.-)%]") or authority:match("^[^:]*")
  return host == "127.0.0.1" or host == "localhost" or host == "::1"
end

local Webhook = {}
Webhook.__index = Webhook
Webhook.__tostring = function(w) return "webhook " .. w.shown end

--- A webhook to post to. `prefix` starts every message; `timeout` bounds each post (seconds,
--- default 10).
---@param url string
---@param opts? {prefix?: string, timeout?: number}
---@return table
function M.webhook(url, opts)
  if type(url) ~= "string" or not url:match("^https?://[^/?#]") then
    error("notify.webhook: url must be an http:// or https:// URL (is the variable that holds it set?)", 2)
  end
  opts = opts or {}
  return setmetatable({ url = url, shown = M.redact(url), prefix = opts.prefix or "", timeout = opts.timeout or 10, pending = {} }, Webhook)
end

--- Posts `text` (after the prefix) as `{"text": ...}`. Returns true once the webhook accepted
--- it (any 2xx answer), false when a rehearsal only logged it; raises when no answer came or
--- the webhook refused it, naming the webhook by scheme and host only.
---@param text string
---@return boolean
function Webhook:send(text)
  local body = "{\"text\":" .. json_string(self.prefix .. tostring(text)) .. "}"
  if core.mode() ~= "run" and not loopback(self.url) then
    sc.log.info(("%s: would post (a %s posts only to this machine): %s"):format(self, core.mode(), self.prefix .. tostring(text)))
    return false
  end
  local ok, answer = pcall(http.post, self.url, body, {
    headers = { ["Content-Type"] = "application/json" }, timeout = self.timeout })
  if not ok then error(("%s: %s"):format(self, sc.error_message(answer)), 2) end
  if answer.status < 200 or answer.status > 299 then
    error(("%s answered HTTP %d: %s"):format(self, answer.status, answer.body:sub(1, 200)), 2)
  end
  return true
end

--- Sends `text` in a task of its own, so the caller never waits on the webhook; a failure is
--- logged. `flush` waits for these.
---@param text string
function Webhook:post(text)
  local task = sc.spawn(function()
    local ok, err = pcall(self.send, self, text)
    if not ok then sc.log.error("notify: " .. tostring(err)) end
  end, "notify")
  self.pending[#self.pending + 1] = task
end

--- Waits until every message `post` started has been sent or has failed.
function Webhook:flush()
  local pending = self.pending
  self.pending = {}
  for _, task in ipairs(pending) do sc.join(task) end
end

--- A show action that sends `text` (for `actions = { ... }` of a step).
---@param text string
---@return table
function Webhook:action(text)
  return { name = "notify", fn = function()
    self:send(text)
    return "sent"
  end }
end

--- `fn` wrapped so that its failure is also sent as "WHAT failed: error" before it is raised
--- again (for an action whose failure the show tolerates but someone must know about).
---@param what string
---@param fn function
---@return function
function Webhook:on_failure(what, fn)
  return function(...)
    local r = table.pack(pcall(fn, ...))
    if r[1] then return table.unpack(r, 2, r.n) end
    local err = r[2]
    self:post(("%s failed: %s"):format(what, sc.error_message(err)))
    error(err, 0)
  end
end

--- Follows a show: sends each failed step and an aborted show (unless `failures = false`),
--- and the steps named in `steps` when they are done. Posting never holds the show up; the
--- show's end waits for the messages to go.
---@param show table a show from `showcall.show`
---@param opts? {failures?: boolean, steps?: string[]}
function Webhook:watch(show, opts)
  opts = opts or {}
  local failures = opts.failures ~= false
  local chosen = {}
  for _, name in ipairs(opts.steps or {}) do chosen[name] = true end
  show:on_event(function(e)
    if failures and (e.type == "step_failed" or e.type == "show_aborted") then
      self:post("FAILED: " .. e.text)
    elseif e.type == "step_done" and chosen[e.step] then
      self:post(e.text)
    end
    if e.type == "show_done" or e.type == "show_aborted" then self:flush() end
  end)
end

return M
