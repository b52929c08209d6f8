/// The place of one template number in a workspace: a nominal bin, a histosys `hi_data`/`lo_data`
/// bin, a normsys `hi`/`lo` factor, or a staterror/shapesys uncertainty (`data`) bin. Indices are those of the JSON document (not pyhf's sorted
/// order), so a slot names exactly the number a user wrote.
public struct TemplateSlot: Hashable, Sendable {
    public enum Field: String, Hashable, Sendable {
        case nominal
        case hiData = "hi_data"
        case loData = "lo_data"
        case hi, lo
        /// A staterror or shapesys absolute uncertainty.
        case uncertainty = "data"
    }

    /// Index in `workspace.channels`.
    public let channel: Int
    /// Index in the channel's `samples`.
    public let sample: Int
    /// Index in the sample's `modifiers`; nil for the nominal.
    public let modifier: Int?
    public let field: Field
    /// The bin; nil for normsys factors.
    public let bin: Int?

    public init(channel: Int, sample: Int, modifier: Int?, field: Field, bin: Int?) {
        self.channel = channel
        self.sample = sample
        self.modifier = modifier
        self.field = field
        self.bin = bin
    }
}

extension Workspace {
    /// Every template number of the workspace, channel by channel and sample by sample in document
    /// order: the nominal bins, then each histosys's `hi_data` and `lo_data` bins, each normsys's
    /// `hi` and `lo` and each staterror's or shapesys's `data` bins, modifiers in document order.
    public var templateSlots: [TemplateSlot] {
        var slots: [TemplateSlot] = []
        for (c, channel) in channels.enumerated() {
            for (s, sample) in channel.samples.enumerated() {
                slots += sample.data.indices.map { TemplateSlot(channel: c, sample: s, modifier: nil, field: .nominal, bin: $0) }
                for (m, modifier) in sample.modifiers.enumerated() {
                    switch modifier.kind {
                    case let .histosys(hiData, loData):
                        slots += hiData.indices.map { TemplateSlot(channel: c, sample: s, modifier: m, field: .hiData, bin: $0) }
                        slots += loData.indices.map { TemplateSlot(channel: c, sample: s, modifier: m, field: .loData, bin: $0) }
                    case .normsys:
                        slots.append(TemplateSlot(channel: c, sample: s, modifier: m, field: .hi, bin: nil))
                        slots.append(TemplateSlot(channel: c, sample: s, modifier: m, field: .lo, bin: nil))
                    case let .staterror(uncertainties), let .shapesys(uncertainties):
                        slots += uncertainties.indices.map { TemplateSlot(channel: c, sample: s, modifier: m, field: .uncertainty, bin: $0) }
                    default:
                        continue
                    }
                }
            }
        }
        return slots
    }

    /// The key a user reads a slot by: `CHANNEL/SAMPLE/nominal`, `CHANNEL/SAMPLE/MODIFIER/hi_data`,
    /// `CHANNEL/SAMPLE/MODIFIER/hi`, … (the bin is the position in that array).
    public func key(of slot: TemplateSlot) -> String {
        let sample = channels[slot.channel].samples[slot.sample]
        var parts = [channels[slot.channel].name, sample.name]
        if let m = slot.modifier { parts.append(sample.modifiers[m].name) }
        parts.append(slot.field.rawValue)
        return parts.joined(separator: "/")
    }

    /// The number at a slot.
    public subscript(slot: TemplateSlot) -> Double {
        get {
            let sample = channels[slot.channel].samples[slot.sample]
            guard let m = slot.modifier else { return sample.data[slot.bin!] }
            switch (sample.modifiers[m].kind, slot.field) {
            case let (.histosys(hiData, _), .hiData): return hiData[slot.bin!]
            case let (.histosys(_, loData), .loData): return loData[slot.bin!]
            case let (.normsys(hi, _), .hi): return hi
            case let (.normsys(_, lo), .lo): return lo
            case let (.staterror(uncertainties), .uncertainty), let (.shapesys(uncertainties), .uncertainty): return uncertainties[slot.bin!]
            default: preconditionFailure("\(slot) does not name a template number")
            }
        }
        set {
            let (c, s) = (slot.channel, slot.sample)
            guard let m = slot.modifier else {
                channels[c].samples[s].data[slot.bin!] = newValue
                return
            }
            switch (channels[c].samples[s].modifiers[m].kind, slot.field) {
            case (.histosys(var hiData, let loData), .hiData):
                hiData[slot.bin!] = newValue
                channels[c].samples[s].modifiers[m].kind = .histosys(hiData: hiData, loData: loData)
            case (.histosys(let hiData, var loData), .loData):
                loData[slot.bin!] = newValue
                channels[c].samples[s].modifiers[m].kind = .histosys(hiData: hiData, loData: loData)
            case let (.normsys(_, lo), .hi):
                channels[c].samples[s].modifiers[m].kind = .normsys(hi: newValue, lo: lo)
            case let (.normsys(hi, _), .lo):
                channels[c].samples[s].modifiers[m].kind = .normsys(hi: hi, lo: newValue)
            case (.staterror(var uncertainties), .uncertainty):
                uncertainties[slot.bin!] = newValue
                channels[c].samples[s].modifiers[m].kind = .staterror(uncertainties: uncertainties)
            case (.shapesys(var uncertainties), .uncertainty):
                uncertainties[slot.bin!] = newValue
                channels[c].samples[s].modifiers[m].kind = .shapesys(uncertainties: uncertainties)
            default:
                preconditionFailure("\(slot) does not name a template number")
            }
        }
    }

    /// The workspace with the numbers at `slots` replaced by `values`.
    public func replacing(_ slots: [TemplateSlot], with values: [Double]) -> Workspace {
        precondition(slots.count == values.count, "one value per slot")
        var copy = self
        for (slot, value) in zip(slots, values) { copy[slot] = value }
        return copy
    }
}
