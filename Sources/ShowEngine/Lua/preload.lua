--- The chunk behind `Engine.preload`: makes `require(name)` return a table of the host's
--- functions, given as name, function pairs after the module's name.
local name, module, args = ..., {}, table.pack(select(2, ...))
for i = 1, args.n, 2 do module[args[i]] = args[i + 1] end
package.preload[name] = function() return module end
