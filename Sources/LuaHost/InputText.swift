/// Text from outside that becomes a name: a show's or a step's from a control request, a show
/// folder's from `showcall new`. Such a name lands in journals, logs, terminals and generated
/// Lua, where a control character (a line break, an escape) would forge a line or end a comment;
/// no show, step or folder needs one.
public enum InputText {
    /// Whether `text` holds a control character (C0, DEL or C1, Unicode's category Cc).
    public static func hasControlCharacter(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
