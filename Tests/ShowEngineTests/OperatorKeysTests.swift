import Testing
@testable import ShowEngine

@Suite struct OperatorKeysTests {
    /// The commands `typed` makes, one key a second apart from `start`.
    func commands(_ typed: String, gap: Double = 1) -> [ShowCommand] {
        var keys = OperatorKeys()
        return typed.utf8.enumerated().compactMap { keys.feed($1, now: Double($0) * gap) }
    }

    @Test func singleKeysAreCommands() {
        #expect(commands("ghrs x") == [.go, .hold, .resume, .skip, .go])
    }

    @Test func abortAsksFirstAndTakesAOrYWithinThreeSeconds() {
        #expect(commands("a") == [])
        #expect(commands("aa") == [.abort])
        #expect(commands("ay") == [.abort])
        #expect(commands("axa") == [], "any other key cancels, and that key does nothing")
        #expect(commands("ag") == [], "g while asked cancels the abort, it is not a GO")
        #expect(commands("aa", gap: 3.5) == [], "too late: the second a asks again")
        #expect(commands("aaa", gap: 3.5) == [])
    }

    @Test func jTypesAStepNameUntilEnter() {
        #expect(commands("jclosx\u{7F}ing credits\rg") == [.jump("closing credits"), .go])
        #expect(commands("jclo\u{1B}s") == [.skip])
        #expect(commands("j\r") == [])
    }
}
