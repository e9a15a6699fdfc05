import LuaHost
import ShowEngine
import Simulator

/// `require "showcall.sim"` in `showcall test`: the simulator the specs run against, so a spec
/// can inject faults, start from the seed again and read what the platforms hold.
struct SimulatorModule: ShowBackend {
    let sim: PlatformSimulator

    func install(into engine: Engine) throws {
        let sim = self.sim
        try engine.preload("showcall.sim", functions: [
            LuaModuleFunction("faults", doc: "Installs faults (the syntax of `showcall sim --faults`); with no spec, clears them.",
                              params: [.init("spec", "string?")], returns: []) { call in
                let text = call.argumentCount >= 1 ? try call.argument(1, as: String?.self) ?? "" : ""
                do {
                    sim.setFaults(try FaultSpec(parsing: text))
                } catch {
                    throw ShowError("bad argument #1 to '\(call.name)' (\(error))")
                }
                return .none
            },
            LuaModuleFunction("reset", doc: "Every platform back to the seed; faults, tokens and webhook messages cleared.",
                              params: [], returns: []) { _ in
                sim.reset()
                return .none
            },
            LuaModuleFunction("state", doc: "Every simulated resource and its state, as /_sim/state shows it.",
                              params: [], returns: ["table"]) { call in
                try call.returning(try lua(sim.state))
            },
            LuaModuleFunction("webhook_url", doc: "The URL of a Slack-compatible webhook the simulator keeps the messages of.",
                              params: [.init("name", "string?")], returns: ["string"]) { call in
                let name = call.argumentCount >= 1 ? try call.argument(1, as: String?.self) ?? "hook" : "hook"
                return try call.returning("\(sim.baseURL)/_sim/webhooks/\(name)")
            },
            LuaModuleFunction("webhooks", doc: "The messages the webhooks received, oldest first: {path=, text=, payload=}.",
                              params: [], returns: ["{path: string, text: string?, payload: table}[]"]) { call in
                try call.returning(try lua(JSON.array(sim.webhookMessages)))
            },
        ])
    }

    /// The simulator's JSON as Lua reads it: across the boundary as text, through the one codec
    /// on ShowCall's side (the simulator keeps its own).
    private func lua(_ json: JSON) throws -> LuaValue { try LuaJSON.decode(json.serialized.utf8) }
}
