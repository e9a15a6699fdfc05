--- What an operator reaches for first at the REPL's prompt, without a `require`: `showcall`
--- and the five platforms as globals.
-- luacheck: globals showcall vbrick convey webex zoom huawei
showcall = require "showcall"
for _, name in ipairs { "vbrick", "convey", "webex", "zoom", "huawei" } do
  _G[name] = require("showcall." .. name)
end
