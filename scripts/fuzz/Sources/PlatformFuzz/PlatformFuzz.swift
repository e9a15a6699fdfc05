import Dispatch
import FuzzSupport
import Logging
import LuaHost
import Platforms
import ShowEngine

// One fuzz input: the first byte picks a call of one platform client (Scenario), the rest
// scripts the answers it gets (Answers): status, headers and body, malformed in every way.
// The call runs with the real client code (token, verdict, error reading, retries, reconcile)
// and only the network replaced. Whatever it returns goes into a Lua state as a script would
// see it and back out; whatever it throws is read as a script reads errors. A crash, a hang,
// a leak, a secret in an error, or a value that changes on its way through Lua is a finding.

@_cdecl("fuzz_platform_main")
func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
    for secret in Credentials.all { Secrets.register(secret) }
    return runFuzzer(argc, argv) { data, size in fuzzPlatform(data, size) }
}

func fuzzPlatform(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    let scenario = Scenario.all[Int(first) % Scenario.all.count]
    let answers = Answers(bytes.dropFirst())
    let done = DispatchSemaphore(value: 0)
    let outcome = Box()
    PlatformHTTP.answerInProcess { try answers.next($0) }
    Task {
        do { outcome.value = .success(try await scenario.run()) } catch { outcome.value = .failure(error) }
        done.signal()
    }
    done.wait()
    switch outcome.value! {
    case .success(let json): checkThroughLua(json)
    case .failure(let error): checkError(error)
    }
    return 0
}

final class Box: @unchecked Sendable { var value: Result<LuaValue, any Error>? }

enum Credentials {
    static let vbrickKey = "fuzz-vbrick-api-key", vbrickSecret = "fuzz-vbrick-secret"
    static let user = "fuzz-user-name", password = "fuzz-user-password"
    static let clientID = "fuzz-client-id", clientSecret = "fuzz-client-secret", refresh = "fuzz-refresh-token"
    static let webexToken = "fuzz-webex-access-token", hostPassword = "fuzz-host-password"
    static let issued = "fuzz-issued-token"
    static let all = [vbrickSecret, password, clientSecret, refresh, webexToken, hostPassword, issued]
}

/// A platform error as a script sees it: its text and fields, none holding a secret.
func checkError(_ error: any Error) {
    guard let e = error as? PlatformError else {
        if error is PlatformInputError || error is CancellationError { return }
        finding("a client threw something other than a PlatformError: \(type(of: error)) \(error)")
    }
    var texts = [e.description]
    for value in e.luaFields.values { if case .string(let s) = value { texts.append(s.description) } }
    for text in texts {
        for secret in Credentials.all where text.contains(secret) { finding("secret '\(secret)' in an error: \(text)") }
    }
}

/// What a call returned, pushed into Lua as its binding pushes it, read back as a script's
/// value is read, and written as JSON again as the journal writes it: the same value, and the
/// same text (a null keeps its place in a list as `showcall.null`).
func checkThroughLua(_ value: LuaValue) {
    let state: LuaState
    do { state = try LuaState(output: { _ in }, logger: Logger(label: "fuzz")) } catch { finding("no Lua state: \(error)") }
    do {
        try state.setGlobal("R", value)
    } catch {
        finding("a platform's answer could not be pushed into Lua: \(error)")
    }
    guard let back = try? state.global("R") else { return } // nested deeper than the host reads: an error, not a crash
    guard same(value, back) else { finding("answer changed through Lua: \(value) vs \(back)") }
    let before = LuaJSON.encode(value), after = LuaJSON.encode(back)
    if before != after { finding("answer changed through Lua and back to JSON: \(before) vs \(after)") }
}
