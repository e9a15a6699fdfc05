import Foundation
import LuaHost
import ShowEngine

/// The `:commands`, for what is not Lua: help, shows, show control, jobs, attaching, leaving.
extension Repl {
    static let commandHelp = """
        Type Lua: an expression prints its values (=x works too); an unfinished chunk continues
        on the next line. A call that waits shows a spinner; Ctrl-C cancels it. End a line with
        ` &` to run it in the background: [N] reports when it ends.
          :help [NAME]       what NAME is: its documentation, fields and methods
          :run FILE [ARG...] run a show script in the background; the prompt stays
          :go :hold :resume :skip :abort
                             steer the running show (the first one running)
          :jump STEP         jump to a step, by name or by number
          :status            every show's steps, their times, and the next cue
          :attach ADDRESS [TOKEN]
                             steer a show in a `showcall run --control` process instead
                             (http://HOST:PORT, HOST:PORT or PORT; token default $SHOWCALL_TOKEN)
          :detach            steer this REPL's own shows again
          :jobs              the background jobs; :cancel N cancels one
          :wait              wait until every background job has ended
          :quit              leave (Ctrl-D too); with a show running, :quit! aborts it first

        """

    /// Runs a `:command`; every path ends by asking for the next line (some after a reply).
    func command(_ line: String) {
        let words = line.dropFirst().split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let name = words.first ?? ""
        let rest = Array(words.dropFirst())
        switch name {
        case "help", "h", "?":
            terminal.write(rest.isEmpty ? Self.commandHelp : introspection.help(for: rest.joined(separator: " ")), error: false)
        case "quit", "q", "exit":
            if !runningShows().isEmpty {
                say("a show is running (\(runningShows().joined(separator: ", "))): :abort it first, or :quit! to abort it and leave")
            } else {
                return leave(abortingShows: true)
            }
        case "quit!", "q!":
            return leave(abortingShows: true)
        case "run":
            runScript(rest)
        case "go", "hold", "resume", "skip", "abort":
            return steer(ShowCommand(name: name)!)
        case "jump":
            return jump(rest.joined(separator: " "))
        case "status":
            return status()
        case "attach":
            attach(rest)
        case "detach":
            control.close()
            control = local
            say("show control: this REPL's own shows")
        case "jobs":
            say(jobs.isEmpty ? "no background jobs" : jobs.map { "[\($0.id)] \($0.handle.statusName)  \($0.title)" }.joined(separator: "\n"))
        case "cancel":
            cancelJob(rest.first)
        case "wait":
            return waitForJobs()
        default:
            say("unknown command ':\(name)'; :help lists them")
        }
        ask()
    }

    private func runScript(_ words: [String]) {
        guard let path = words.first else { return say(":run needs a script: :run FILE [ARG...]") }
        let chunk: LuaFunction
        do {
            chunk = try engine.state.load(file: path)
        } catch let error as LuaError {
            return say(error.message)
        } catch {
            return say("cannot run \(path): \(error)")
        }
        // As `showcall run` does: `arg` (the script at 0, its arguments from 1) beside `...`,
        // and `require` looking beside the script and in its lib/ first.
        let arguments = words.dropFirst().map { LuaValue.string(LuaString($0)) }
        var table = LuaTable(array: arguments)
        table.hash[.integer(0)] = .string(LuaString(path))
        table.hash[.integer(-1)] = .string(LuaString(":run"))
        do { try engine.state.setGlobal("arg", LuaValue.table(table)) } catch { return say("cannot run \(path): \(error)") }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !modulePathsAdded.contains(directory) {
            modulePathsAdded.insert(directory)
            engine.state.prependModulePaths([directory, directory + "/lib"])
        }
        // The first :run keeps a journal, as `showcall run` does (later ones share its keys, so
        // they do not): a REPL killed mid-show leaves a run that `showcall resume` finishes.
        let journaled = engine.record.journal == nil
            && journalForRun?(path, Array(words.dropFirst())).map { engine.record.attach($0) } == true
        if journaled { journaledJob = nextJobNumber }
        startJob(chunk, args: arguments, title: "run " + words.joined(separator: " "), isScript: true)
        if !journaled, journaledJob != nil { say("(no journal: only the REPL's first :run keeps one)") }
    }

    private func steer(_ command: ShowCommand) {
        control.send(command) { [unowned self] problem in
            if let problem { say("\(command.name): \(problem)") }
            ask()
        }
    }

    /// `:jump 3` is the third step, unless a step is named "3".
    private func jump(_ step: String) {
        guard !step.isEmpty else {
            say(":jump needs a step: its name or its number")
            return ask()
        }
        guard let number = Int(step) else { return steer(.jump(step)) }
        control.state { [unowned self] result in
            guard case .success(let json) = result, let shows = ShowStatusText.shows(json) else {
                return steer(.jump(step))
            }
            let named = shows.contains { show in
                (show["steps"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == step }
            }
            if !named, ShowStatusText.stepName(json, number: number) == nil {
                say("jump: there is no step \(number)")
                return ask()
            }
            steer(.jump(named ? step : ShowStatusText.stepName(json, number: number)!))
        }
    }

    private func status() {
        control.state { [unowned self] result in
            switch result {
            case .success(let json):
                terminal.write(ShowStatusText.render(json, now: engine.clock.wallNow) { String(engine.timestamp($0).prefix(8)) }, error: false)
            case .failure(let failure):
                say("status: \(failure)")
            }
            ask()
        }
    }

    private func attach(_ words: [String]) {
        guard let address = words.first else { return say(":attach needs an address: :attach http://HOST:PORT [TOKEN]") }
        do {
            try attach(to: address, token: words.dropFirst().first)
        } catch {
            say("\(error)")
        }
    }

    /// Sends show control to another process's control API and follows its events. The token
    /// defaults to `$SHOWCALL_TOKEN`.
    public func attach(to address: String, token: String?) throws {
        let token = token ?? Environment.value("SHOWCALL_TOKEN")
        let remote = try RemoteShowControl(address: address, token: token, loop: engine.state.loop)
        control.close()
        control = remote
        remote.follow(onEvent: { [unowned self] _, json in
            guard let event = ShowStatusText.object(json) else { return }
            let time = event["time"] as? Double ?? engine.clock.wallNow
            say("\(engine.timestamp(time)) SHOW  \(event["text"] as? String ?? "")")
        }, onNotice: { [unowned self] in say($0) })
        say("show control: \(remote.target)")
    }

    private func cancelJob(_ word: String?) {
        guard let word, let id = Int(word.trimmingCharacters(in: ["[", "]"])), let job = jobs.first(where: { $0.id == id }) else {
            return say(":cancel needs a job number (:jobs lists them)")
        }
        job.handle.cancel(with: Cancelled("cancelled from the REPL"))
    }

    private func waitForJobs() {
        guard !jobs.isEmpty else { return ask() }
        awaitingJobs = true
        let remaining = jobs.map(\.handle)
        var left = remaining.count
        for handle in remaining {
            handle.whenDone { [unowned self] in
                left -= 1
                if left == 0, awaitingJobs {
                    awaitingJobs = false
                    ask()
                }
            }
        }
    }
}
