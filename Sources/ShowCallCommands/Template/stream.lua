--- The show's own helpers for a Zoom live stream (an example of a library in lib/,
--- which `require "stream"` finds beside show.lua and from spec/).
local M = {}

--- Starts the webinar's live stream.
---@param webinar zoom.webinar
---@return string state "live"
function M.on(webinar)
  webinar.livestream:start { display_name = "Live" }
  return "live"
end

--- Stops the webinar's live stream; one that was not started counts as off.
---@param webinar zoom.webinar
---@return string state "off" or "already off"
function M.off(webinar)
  local ok, err = pcall(function() webinar.livestream:stop() end)
  if ok then return "off" end
  if err.status == 400 and tostring(err.message):find("not started", 1, true) then return "already off" end
  error(err, 0)
end

return M
