-- Sets up next town hall's Convey (webcasts.com) event: shows the folder tree, creates the
-- event in the "Town Halls" folder, reads it back, lengthens it, and prints what the
-- producers need (viewer link, start, length). Try:
--   showcall run scripts/shows/convey-setup.lua                 (the embedded simulator)
--   showcall run --profile production scripts/shows/convey-setup.lua
-- Convey cannot be asked whether an event exists, so each run creates a new event: run it once.
local convey = require "showcall.convey"

local FOLDER = "Town Halls"
local TITLE = "Town Hall"
local DURATION = 60           -- minutes, as first booked
local EXTENDED = 90           -- minutes, once the Q&A was added
local TIMEZONE = "US/Eastern" -- how Convey shows the time; the start itself is absolute

--- Tomorrow at noon, this machine's local time, in epoch milliseconds (Convey's unit).
local function tomorrow_noon_ms()
  local t = os.date("*t", os.time() + 24 * 3600)
  t.hour, t.min, t.sec = 12, 0, 0
  return os.time(t) * 1000
end

--- An epoch-milliseconds time as this machine's local date and time.
local function when(ms) return os.date("%Y-%m-%d %H:%M", ms // 1000) end

--- Prints the tree, one folder a line, indented by depth.
local function print_tree(node, depth)
  print(("%s%s  (%s)"):format(("  "):rep(depth), node.folder_name, node.folder_id))
  for _, child in ipairs(node.children) do print_tree(child, depth + 1) end
end

--- The first folder named `name`, depth first.
local function find_folder(node, name)
  if node.folder_name == name then return node end
  for _, child in ipairs(node.children) do
    local found = find_folder(child, name)
    if found then return found end
  end
end

local tree = convey.folders()
print("Convey folders:")
print_tree(tree, 1)

local folder = find_folder(tree, FOLDER)
if not folder then error(("no folder named '%s' in the tree above"):format(FOLDER), 0) end
-- The tree gives ids as strings; event_data wants an integer.
local folder_id = math.tointeger(tonumber(folder.folder_id))

local start_ms = tomorrow_noon_ms()
local event = convey.create {
  event_title = TITLE .. " " .. os.date("%Y-%m-%d", start_ms // 1000),
  type = "live",
  scheduled_start_time = start_ms,
  scheduled_duration = DURATION,
  timezone = TIMEZONE,
  region = 1,               -- North America
  acquisition_type = 2,     -- our own encoder
  audience_capacity = 1000,
  event_expiration_months = 12,
  folder_id = folder_id,
}
print(("\nCreated event %s in '%s'"):format(event.id, event.data.folder_name or FOLDER))

-- Read back what Convey stored: it rounds the start to 15 minutes and durations to 30.
local status = event:status()
print(("Booked: %d min from %s"):format(status.scheduled_duration, when(status.scheduled_start_time)))

local updated = event:update { scheduled_duration = EXTENDED }

print("\nSummary")
print(("  event      %s (id %s)"):format(updated.event_title, event.id))
print(("  folder     %s"):format(updated.folder_name))
print(("  starts     %s local time (viewers see %s)"):format(when(updated.scheduled_start_time), updated.timezone))
print(("  duration   %d min (was %d)"):format(updated.scheduled_duration, status.scheduled_duration))
print(("  capacity   %d viewers"):format(updated.audience_capacity))
print(("  viewers    %s"):format(updated.viewer_link))
for _, link in ipairs(updated.guest_presenter_links or {}) do
  print(("  presenter  %s (pin %s)"):format(link.link, link.pin))
end
