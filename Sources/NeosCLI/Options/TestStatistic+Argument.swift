import ArgumentParser
import HistFactory

/// `--test-stat q0|q|qtilde`; the conformance lives here because HistFactory does not depend on
/// ArgumentParser.
extension TestStatistic: ExpressibleByArgument {}
