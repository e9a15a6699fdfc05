--- `showcall eval`: runs the compiled code with the arguments and prints what it returns, as
--- `print` would.
local f = ...
local r = table.pack(f(select(2, ...)))
if r.n > 0 then print(table.unpack(r, 1, r.n)) end
