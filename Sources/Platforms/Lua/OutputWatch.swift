import LuaHost
import ShowEngine

/// A platform object whose state a show can have read for the operator: its `status()` read,
/// which a show's watch (`show.new(name, {watch = N})`) repeats so the control page's outputs
/// say what the platform reports, not only what the show last did. An object with no read of
/// its own (a Rev broadcast) is read through the object that has one (its event).
protocol WatchedOutput: AnyObject {
    func statusRead(_ directory: PlatformDirectory) throws -> StatusRead
}

/// One status read: the verb it is reported as ("vbrick.event:status") and the read itself.
struct StatusRead: Sendable {
    let operation: String
    let read: @Sendable (_ timeout: Duration?) async throws -> LuaValue
}

extension PlatformContext {
    /// An object's `status()` verb: its status read, made and journaled as any call.
    func status(_ call: LuaCall, _ output: some WatchedOutput) throws -> LuaReturn {
        let read = try output.statusRead(directory)
        return try verb(call, client: { _ in read }) { read, timeout in try await read.read(timeout) }
    }
}

/// The outputs each watched show has called, and `require "showcall.outputs"`: `watch()` marks
/// the calling task's show as watched, `read(timeout)` reads every output it has called since,
/// all at once, and reports each answer as a read. These reads are not journaled: they are for
/// the operator to look at, the show does not act on them, and a resumed run's calls must not
/// depend on when a watch happened to wake. Used on the Lua thread only.
final class OutputWatch: @unchecked Sendable {
    private var outputs: [String: [(target: String, read: StatusRead)]] = [:]

    /// Remembers the object a call of a watched show is made on (its first argument).
    func note(_ call: LuaCall, target: String, directory: PlatformDirectory) {
        guard let show = call.state.currentLabel, outputs[show] != nil,
              !outputs[show, default: []].contains(where: { $0.target == target }),
              let output = call.anyObject(1) as? WatchedOutput, let read = try? output.statusRead(directory) else { return }
        outputs[show, default: []].append((target, read))
    }

    static func functions(_ context: PlatformContext) -> [LuaModuleFunction] {
        let watch = context.watch
        return [
            LuaModuleFunction("watch", doc: "Marks the calling task's show as watched: the objects its calls are made on from now are remembered for read().",
                              params: [], returns: []) { call in
                guard let show = call.state.currentLabel else { throw ShowError("outputs.watch: call it from a show's task") }
                if watch.outputs[show] == nil { watch.outputs[show] = [] }
                return .none
            },
            LuaModuleFunction("read", doc: "Reads the state of every output the calling task's show has called since watch(), all at once; each answer is reported (the control page's outputs) and not journaled. Returns how many were read.",
                              params: [.init("timeout", "number")], returns: ["integer"]) { call in
                let timeout = Duration.nanoseconds(try call.nanoseconds(1, rule: .callTimeout))
                let reads = call.state.currentLabel.flatMap { watch.outputs[$0] } ?? []
                let loop = call.state.loop, work = context.work, report = context.report
                return try call.await { continuation in
                    work.begin()
                    let task = Task {
                        let answers = await withTaskGroup(of: (Int, Result<LuaValue, any Error>, Duration).self) { group in
                            for (i, output) in reads.enumerated() {
                                group.addTask {
                                    let started = ContinuousClock.now
                                    do { return (i, .success(try await output.read.read(timeout)), .now - started) } catch {
                                        return (i, .failure(error), .now - started)
                                    }
                                }
                            }
                            return await group.reduce(into: []) { $0.append($1) }.sorted { $0.0 < $1.0 }
                        }
                        loop.post {
                            work.endOnLoop()
                            for (i, result, took) in answers { report(reads[i].read.operation, reads[i].target, result, took, true) }
                            continuation.resume(pushing: { stack in try Int64(reads.count).push(onto: stack); return 1 })
                        }
                    }
                    continuation.onCancel = { task.cancel() }
                }
            },
        ]
    }
}
