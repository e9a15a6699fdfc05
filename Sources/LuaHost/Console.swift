import LuaShim

/// The process's standard output and error through C stdio: the same buffers Lua's `print`,
/// `io.write` and `io.stderr` use, so output from Swift and from scripts stays in order.
public enum Console {
    public static func writeOut(_ buffer: UnsafeRawBufferPointer) {
        shim_writeout(buffer.baseAddress, buffer.count)
    }

    public static func out(_ text: String) {
        var text = text
        text.withUTF8 { shim_writeout($0.baseAddress, $0.count) }
    }

    public static func err(_ text: String) {
        var text = text
        text.withUTF8 { shim_writeerr($0.baseAddress, $0.count) }
    }

    public static func flush() { shim_flushout() }
}
