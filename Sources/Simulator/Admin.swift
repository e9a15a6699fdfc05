import Foundation

/// The admin API under `/_sim/` (see SimulatorServer for the list of routes).
extension SimulatorCore {
    func admin(_ req: SimRequest) -> SimResponse {
        let route = req.pathComponents.joined(separator: "/")
        switch (req.method, route) {
        case ("GET", "health"): return .json(200, ["status": "ok"])
        case ("GET", "state"):
            return .json(200, world.withLock { w in
                ["now": .string(clock.now().iso8601), "resources": w.snapshot, "faults": .string(faults.withLock { $0.description })]
            })
        case ("GET", "check"): return .json(200, ["violations": .array(world.withLock { $0.violations }.map(JSON.string))])
        case ("GET", "log"):
            let since = req.query["since"].flatMap(Int.init) ?? 0
            return .json(200, log.withLock { ["total": .int(Int64($0.total)), "entries": .array($0.list(since: since))] })
        case ("DELETE", "log"):
            log.withLock { $0.clear() }
            return .empty(204)
        case ("POST", "reset"):
            reset(to: initialSeed)
            return .empty(204)
        case ("POST", "seed"):
            guard let seed = try? JSONDecoder().decode(SimulatorSeed.self, from: Data(req.body)) else {
                return .json(400, ["error": "The body must be a simulator seed (JSON)."])
            }
            reset(to: seed)
            return .empty(204)
        case ("GET", "clock"): return .json(200, ["now": .string(clock.now().iso8601)])
        case ("POST", "clock/advance"):
            let seconds = req.query["seconds"].flatMap(Double.init) ?? req.json?["seconds"].flatMap { j in
                j.intValue.map(Double.init) ?? { if case .double(let d) = j { return d } else { return nil } }()
            }
            // Bounded (ten years) so timestamps in epoch milliseconds stay representable.
            guard let seconds, seconds >= 0, seconds <= 315_360_000 else {
                return .json(400, ["error": "seconds must be a number from 0 to 315360000."])
            }
            clock.advance(by: seconds)
            return .json(200, ["now": .string(clock.now().iso8601)])
        case ("GET", "faults"): return .json(200, ["spec": .string(faults.withLock { $0.description })])
        case ("PUT", "faults"):
            do {
                try setFaults(FaultSpec(parsing: String(decoding: req.body, as: UTF8.self)))
                return .json(200, ["spec": .string(faults.withLock { $0.description })])
            } catch {
                return .json(400, ["error": .string(String(describing: error))])
            }
        case ("DELETE", "faults"):
            faults.withLock { $0 = FaultSpec() }
            return .empty(204)
        case ("GET", "webhooks"): return .json(200, ["messages": .array(webhooks.withLock { $0.messages })])
        case ("DELETE", "webhooks"):
            webhooks.withLock { $0.clear() }
            return .empty(204)
        case ("POST", _) where route.hasPrefix("webhooks/"):
            let now = clock.now()
            return webhooks.withLock { $0.receive(path: "/" + route, body: req.body, time: now) }
        default: return .json(404, ["error": "Unknown admin route."])
        }
    }
}
