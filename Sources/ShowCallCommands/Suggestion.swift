/// The subcommand a mistyped first argument was meant to be (`showcall runn` → `run`): the
/// nearest name within a third of its letters, as the show DSL suggests an option's name
/// (`stdlib/showcall/show/declare.lua`).
enum Suggestion {
    /// The hint for `arguments` (the command line after `showcall`), or nil when the first one is
    /// an option, a known command or nothing near one.
    static func subcommand(_ arguments: [String], among names: [String]) -> String? {
        guard let given = arguments.first, !given.hasPrefix("-"), !names.contains(given) else { return nil }
        let lower = Array(given.lowercased())
        guard let best = names.min(by: { distance(lower, Array($0)) < distance(lower, Array($1)) }) else { return nil }
        let d = distance(lower, Array(best))
        guard d <= max(1, max(lower.count, best.count) / 3) else { return nil }
        return "unknown command '\(given)'; did you mean '\(best)'?"
    }

    /// Edit distance counting a swap of neighbours as one slip (optimal string alignment).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0 ... a.count { d[i][0] = i }
        for j in 0 ... b.count { d[0][j] = j }
        for i in 1 ... a.count {
            for j in 1 ... b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
