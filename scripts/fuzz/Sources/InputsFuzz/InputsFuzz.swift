import FuzzSupport
import Logging
import ShowCallCommands

// One fuzz input: the first byte picks the reader, the rest is what it reads.
//   0: a command line, one argument per line (`run`, `--cpu-limit`, `1e300`, `show.lua`);
//   1: a profile file (TOML), every profile in it built as `--profile` would;
//   2: a journal (JSON Lines), read as `showcall log` prints it and `showcall resume` replays it.
// Each reader must answer an error for what it cannot take; a trap, a hang, a leak or an
// out-of-memory is a finding. Nothing is run or written: the readers only read.

@_cdecl("fuzz_inputs_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
    return runFuzzer(argc, argv) { data, size in fuzzInputs(data, size) }
}

func fuzzInputs(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let rest = Array(bytes.dropFirst())
    switch first % 3 {
    case 0:
        // Argument bytes as the kernel hands them over: any bytes but NUL, decoded as Swift's
        // CommandLine decodes them (invalid UTF-8 repaired).
        let arguments = rest.split(separator: 10, omittingEmptySubsequences: false).prefix(64)
            .map { String(decoding: $0.filter { $0 != 0 }, as: UTF8.self) }
        // A command that would start something (run, sim...) is only parsed, never run.
        _ = OutsideInput.commandLine(arguments)
    case 1:
        _ = OutsideInput.profiles(String(decoding: rest, as: UTF8.self), environment: ["VBRICK_KEY": "fuzz-key"])
    default:
        _ = OutsideInput.journal(rest)
    }
    return 0
}
