--- `showcall test`: runs one spec file; returns its passed, failed and errored counts.
return require("showcall.spec").run_file(...)
