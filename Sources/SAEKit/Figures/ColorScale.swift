// Colour scales shared by the SVG figures and the terminal renderings, so a heatmap looks the same
// in both places.

/// An sRGB colour.
public struct RGB: Sendable, Equatable {
    public var red: Double, green: Double, blue: Double   // each in [0, 1]

    public init(_ red: Double, _ green: Double, _ blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#rrggbb`.
    public var hex: String {
        "#" + [red, green, blue].map { component in
            let byte = Int((min(1, max(0, component)) * 255).rounded())
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    /// Linear interpolation towards `other` by `t ∈ [0, 1]`.
    func mixed(with other: RGB, _ t: Double) -> RGB {
        RGB(
            red + (other.red - red) * t, green + (other.green - green) * t,
            blue + (other.blue - blue) * t)
    }

    /// Perceived lightness (for choosing black or white text on top).
    public var luminance: Double { 0.2126 * red + 0.7152 * green + 0.0722 * blue }
}

/// Maps numbers to colours.
public enum ColorScale: Sendable {
    /// Blue (−limit) through white (0) to red (+limit): for signed values such as WᵀW or cosines.
    case diverging(limit: Double)
    /// Dark purple (lower) through teal to yellow (upper), a viridis-like ramp: for magnitudes.
    case sequential(lower: Double, upper: Double)

    /// The colour for `value` (clamped to the scale's range).
    public func color(_ value: Double) -> RGB {
        switch self {
        case let .diverging(limit):
            let t = limit > 0 ? max(-1, min(1, value / limit)) : 0
            let stops = ColorScale.divergingStops
            return t < 0 ? ColorScale.interpolate(Array(stops[0...2].reversed()), -t)
                         : ColorScale.interpolate(Array(stops[2...4]), t)
        case let .sequential(lower, upper):
            let t = upper > lower ? max(0, min(1, (value - lower) / (upper - lower))) : 0
            return ColorScale.interpolate(ColorScale.sequentialStops, t)
        }
    }

    // Blue → light blue → white → light red → red (after ColorBrewer's RdBu).
    static let divergingStops = [
        RGB(0.13, 0.40, 0.67), RGB(0.57, 0.77, 0.87), RGB(0.97, 0.97, 0.97),
        RGB(0.96, 0.65, 0.51), RGB(0.70, 0.09, 0.17)
    ]
    // Viridis, sampled at five points.
    static let sequentialStops = [
        RGB(0.267, 0.005, 0.329), RGB(0.231, 0.322, 0.545), RGB(0.129, 0.569, 0.549),
        RGB(0.369, 0.788, 0.384), RGB(0.993, 0.906, 0.144)
    ]

    static func interpolate(_ stops: [RGB], _ t: Double) -> RGB {
        let position = t * Double(stops.count - 1)
        let index = min(stops.count - 2, Int(position))
        return stops[index].mixed(with: stops[index + 1], position - Double(index))
    }
}
