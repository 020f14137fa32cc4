import Foundation
import Testing

@testable import Workshop

/// RFC 8785 canonical JSON: the examples of the RFC and ECMAScript's number layout.
@Suite("Canonical JSON (RFC 8785)")
struct CanonicalJSONTests {
    @Test("numbers are written as ECMAScript writes them")
    func numbers() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (1, "1"), (-1, "-1"), (12.5, "12.5"), (13.33, "13.33"), (100, "100"),
            (1e21, "1e+21"), (1e20, "100000000000000000000"), (1e-7, "1e-7"), (0.000001, "0.000001"),
            (1.2345678901234568e20, "123456789012345680000"), (Double.leastNonzeroMagnitude, "5e-324"),
            (
                1.7976931348623157e308,
                "1.7976931348623157e+308"
            ), (0.1 + 0.2, "0.30000000000000004"), (4.5, "4.5"), (-3.25e-10, "-3.25e-10"),
        ]
        for (value, expected) in cases { #expect(CanonicalJSON.format(value) == expected, "\(value)") }
    }

    @Test("a name twice in one object, a trailing comma or nesting past the limit is refused")
    func strictReading() throws {
        for input in [
            #"{"score": 1, "score": 4}"#, #"{"a": {"b": 1, "b": 1}}"#, #"{"a": 1,}"#, #"[1, 2,]"#,
            String(repeating: "[", count: CanonicalJSON.maxDepth + 1)
                + String(repeating: "]", count: CanonicalJSON.maxDepth + 1),
        ] {
            #expect(throws: CanonicalJSON.ParseError.self, "\(input.prefix(40))") {
                try CanonicalJSON.parse(Data(input.utf8))
            }
        }
        let deepest =
            String(repeating: "[", count: CanonicalJSON.maxDepth)
            + String(repeating: "]", count: CanonicalJSON.maxDepth)
        _ = try CanonicalJSON.parse(Data(deepest.utf8))
        _ = try CanonicalJSON.parse(Data(#"[{"a": 1}, {"a": 2}]"#.utf8))
    }

    @Test("the RFC's example: members sorted by UTF-16 code units, strings escaped minimally")
    func rfcExample() throws {
        let input = #"""
            {"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
             "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
             "literals": [null, true, false]}
            """#
        let value = try CanonicalJSON.parse(Data(input.utf8))
        #expect(
            CanonicalJSON.serialize(value)
                == #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        )
        let sorting = try CanonicalJSON.parse(
            Data(
                #"{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew", "1": "One", "\ud83d\ude00": "Emoji", "\u0080": "Control", "\u00f6": "Latin"}"#
                    .utf8))
        #expect(
            CanonicalJSON.serialize(sorting)
                == "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"ö\":\"Latin\",\"€\":\"Euro Sign\",\"😀\":\"Emoji\",\"דּ\":\"Hebrew\"}"
        )
    }
}
