-- luacheck stdlib scripts Sources: CI runs it (Tests/CLITests/LuacheckTests.swift) and fails on any warning.
std = "lua54"
-- The house style allows long lines where a table or a message reads better on one.
max_line_length = 160
exclude_files = { "**/.build/**" }

-- Specs run by `showcall test` see busted's globals and `expect`.
files["**/*_spec.lua"] = { std = "+busted", read_globals = { "expect" } }

-- The `.luacheckrc` that `showcall new` writes sets luacheck's own settings, which are globals.
files["Sources/ShowCallCommands/Template/luacheckrc.lua"] = { globals = { "std", "exclude_files", "files" } }
