/// A problem with what was asked on the command line that only shows once the model is known
/// (an unknown parameter name, a value outside its bounds) or while writing a result.
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
