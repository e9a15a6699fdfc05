-- The smallest show: a countdown to doors, printed as an operator would see it.
-- Run it with: swift run showcall run scripts/hello.lua [NAME]
local name = ... or "Town hall"
print(("%s: run of show"):format(name))
for _, cue in ipairs({ "Doors", "Pre-show loop", "GO: broadcast", "Q&A", "Stop everything" }) do
  print(("  cue  %s"):format(cue))
end
