extension NumpyArray {
    /// A NumPy type code such as `<f8`: byte order (`<`, `|` or `=` on this little-endian
    /// machine), kind (`f` float, `i` signed, `u` unsigned, `b` boolean; others are carried only
    /// to be skipped) and size in bytes (for `U`, characters of 4 bytes).
    struct ElementType {
        var code: String
        var kind: Character
        var size: Int

        init(_ code: String, file: String, field: String? = nil) throws {
            self.code = code
            guard let order = code.first, "<|=>".contains(order), code.count >= 3 else {
                throw EventFileError(file: file, column: field, "unknown NumPy type '\(code)'")
            }
            guard order != ">" else {
                throw EventFileError(file: file, column: field, "big-endian type '\(code)' is not supported; save with little-endian types")
            }
            kind = code[code.index(after: code.startIndex)]
            // At most 2³¹ elements of at most 4 bytes, so that sizes and record offsets cannot overflow.
            guard let count = Int(code.dropFirst(2)), (0...Int(Int32.max)).contains(count) else {
                throw EventFileError(file: file, column: field, "unknown NumPy type '\(code)': expected a byte order, a kind and a size in bytes")
            }
            size = kind == "U" ? 4 * count : count
            if kind == "O" {
                throw EventFileError(file: file, column: field,
                                     "holds Python objects (type 'O'), which cannot be read without pickle; convert strings with .astype(str)")
            }
        }

        var isNumeric: Bool {
            switch (kind, size) {
            case ("f", 4), ("f", 8), ("i", 1), ("i", 2), ("i", 4), ("i", 8), ("u", 1), ("u", 2), ("u", 4), ("u", 8), ("b", 1): true
            default: false
            }
        }

        /// The value at byte `offset`, as a Double.
        func read(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Double {
            switch (kind, size) {
            case ("f", 8): Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            case ("f", 4): Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
            case ("i", 8): Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
            case ("i", 4): Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
            case ("i", 2): Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
            case ("i", 1): Double(raw.loadUnaligned(fromByteOffset: offset, as: Int8.self))
            case ("u", 8): Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            case ("u", 4): Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            case ("u", 2): Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            default: Double(raw.loadUnaligned(fromByteOffset: offset, as: UInt8.self))
            }
        }
    }
}
