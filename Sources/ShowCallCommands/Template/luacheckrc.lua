-- luacheck settings for this show: `luacheck .` checks show.lua, lib/ and spec/ as ShowCall runs them.
std = "lua54"
-- `showcall types .showcall/types` writes annotation files here: definitions, not code to check.
exclude_files = { ".showcall/**" }
-- Specs run by `showcall test` see describe, it, before_each, after_each, busted's assert and expect.
files["spec/**/*_spec.lua"] = { std = "+busted", read_globals = { "expect" } }
