import Testing
@testable import ShowEngine

@Suite struct OperatorKeysTests {
    func commands(_ typed: String) -> [ShowCommand] {
        var keys = OperatorKeys()
        return typed.utf8.compactMap { keys.feed($0) }
    }

    @Test func singleKeysAreCommands() {
        #expect(commands("ghrsa x") == [.go, .hold, .resume, .skip, .abort, .go])
    }

    @Test func jTypesAStepNameUntilEnter() {
        #expect(commands("jclosx\u{7F}ing credits\rg") == [.jump("closing credits"), .go])
        #expect(commands("jclo\u{1B}s") == [.skip])
        #expect(commands("j\r") == [])
    }
}
