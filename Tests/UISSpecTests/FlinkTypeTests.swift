import Testing
@testable import UISSpec

@Suite("FlinkType")
struct FlinkTypeTests {
    static let valid: [(String, String)] = [
        ("STRING", "STRING"),
        ("string", "STRING"),
        ("BOOLEAN", "BOOLEAN"),
        ("BYTES", "BYTES"),
        ("TINYINT", "TINYINT"),
        ("SMALLINT", "SMALLINT"),
        ("INT", "INT"),
        ("INTEGER", "INTEGER"),
        ("BIGINT", "BIGINT"),
        ("FLOAT", "FLOAT"),
        ("DOUBLE", "DOUBLE"),
        ("DOUBLE PRECISION", "DOUBLE"),
        ("DATE", "DATE"),
        ("CHAR(3)", "CHAR(3)"),
        ("VARCHAR(255)", "VARCHAR(255)"),
        ("VARCHAR", "VARCHAR"),
        ("BINARY(16)", "BINARY(16)"),
        ("VARBINARY(1024)", "VARBINARY(1024)"),
        ("DECIMAL", "DECIMAL"),
        ("DECIMAL(10)", "DECIMAL(10)"),
        ("DECIMAL(12,2)", "DECIMAL(12, 2)"),
        ("DEC(38, 0)", "DECIMAL(38, 0)"),
        ("NUMERIC(5, 5)", "DECIMAL(5, 5)"),
        ("TIME", "TIME"),
        ("TIME(3)", "TIME(3)"),
        ("TIME(0) WITHOUT TIME ZONE", "TIME(0)"),
        ("TIMESTAMP", "TIMESTAMP"),
        ("TIMESTAMP(3)", "TIMESTAMP(3)"),
        ("TIMESTAMP(9) WITHOUT TIME ZONE", "TIMESTAMP(9)"),
        ("TIMESTAMP(3) WITH LOCAL TIME ZONE", "TIMESTAMP(3) WITH LOCAL TIME ZONE"),
        ("timestamp with local time zone", "TIMESTAMP WITH LOCAL TIME ZONE"),
        ("TIMESTAMP_LTZ(3)", "TIMESTAMP_LTZ(3)"),
        ("TIMESTAMP_LTZ", "TIMESTAMP_LTZ"),
        ("INTERVAL DAY", "INTERVAL DAY"),
        ("INTERVAL DAY TO SECOND(3)", "INTERVAL DAY TO SECOND(3)"),
        ("INTERVAL DAY(2) TO SECOND(3)", "INTERVAL DAY(2) TO SECOND(3)"),
        ("INTERVAL YEAR TO MONTH", "INTERVAL YEAR TO MONTH"),
        ("ARRAY<STRING>", "ARRAY<STRING>"),
        ("ARRAY<ARRAY<INT NOT NULL>>", "ARRAY<ARRAY<INT NOT NULL>>"),
        ("MULTISET<BIGINT>", "MULTISET<BIGINT>"),
        ("MAP<STRING, BIGINT>", "MAP<STRING, BIGINT>"),
        ("MAP<STRING,ARRAY<DOUBLE>>", "MAP<STRING, ARRAY<DOUBLE>>"),
        ("ROW<a INT, b STRING>", "ROW<`a` INT, `b` STRING>"),
        ("ROW(a INT, b STRING)", "ROW<`a` INT, `b` STRING>"),
        ("ROW<>", "ROW<>"),
        ("ROW<`timestamp` TIMESTAMP(3), `user id` STRING>", "ROW<`timestamp` TIMESTAMP(3), `user id` STRING>"),
        ("ROW<timestamp TIMESTAMP(3), value DOUBLE, `order` INT>", "ROW<`timestamp` TIMESTAMP(3), `value` DOUBLE, `order` INT>"),
        ("ROW<a INT 'the a', b STRING 'it''s b'>", "ROW<`a` INT 'the a', `b` STRING 'it''s b'>"),
        ("ROW<`we``ird` INT>", "ROW<`we``ird` INT>"),
        ("MAP<STRING, ROW<x ARRAY<ROW<y INT>>>>", "MAP<STRING, ROW<`x` ARRAY<ROW<`y` INT>>>>"),
        ("INT NOT NULL", "INT NOT NULL"),
        ("INT NULL", "INT"),
        ("ARRAY<INT> NOT NULL", "ARRAY<INT> NOT NULL"),
        ("STRING ARRAY", "ARRAY<STRING>"),
        ("INT NOT NULL ARRAY", "ARRAY<INT NOT NULL>"),
        ("INT MULTISET", "MULTISET<INT>"),
        ("  BIGINT  ", "BIGINT"),
    ]

    @Test(arguments: valid)
    func parsesToCanonicalSQL(text: String, sql: String) throws {
        let type = try FlinkType.parse(text).get()
        #expect(type.sql == sql)
        // canonical text is a fixed point
        #expect(try FlinkType.parse(sql).get() == type)
    }

    static let invalid: [(String, String)] = [
        ("VARCHAR(0)", "length of VARCHAR must be between 1 and 2147483647, got 0"),
        ("CHAR(0)", "length of CHAR must be between 1 and 2147483647, got 0"),
        ("DECIMAL(40,2)", "precision of DECIMAL must be between 1 and 38, got 40"),
        ("DECIMAL(5,6)", "scale of DECIMAL must be between 0 and 5, got 6"),
        ("TIMESTAMP(10)", "precision of TIMESTAMP must be between 0 and 9, got 10"),
        ("MAP<STRING>", "expected ',' but found '>'"),
        ("FOO", "unknown type FOO; expected a Flink SQL type such as STRING"),
        ("STRNG", "unknown type STRNG"),
        ("INT NOT", "unexpected 'NOT' after the type"),
        ("ARRAY<INT", "expected '>' but found the end"),
        ("ARRAY INT", "expected '<' but found 'INT'"),
        ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE is not supported by Flink; use TIMESTAMP WITH LOCAL TIME ZONE or TIMESTAMP_LTZ"),
        ("ROW<a>", "expected a type name but found '>'"),
        ("ROW a INT", "expected '<' after ROW but found 'a'"),
        ("ROW<a INT", "expected '>' but found the end"),
        ("ROW<a INT)", "expected '>' but found ')'"),
        ("", "expected a type name but found the end"),
        ("INT INT", "unexpected 'INT' after the type"),
        ("VARCHAR(99999999999)", "number 99999999999 is too large"),
        ("VARCHAR(-1)", "unexpected character '-'"),
        ("ROW<`a INT>", "unterminated quoted name"),
        ("INTERVAL WEEK", "expected an interval unit (YEAR, MONTH, DAY, HOUR, MINUTE, SECOND) but found 'WEEK'"),
        ("DECIMAL(1, 2, 3)", "expected ')' but found ','"),
        (String(repeating: "ARRAY<", count: 40) + "INT" + String(repeating: ">", count: 40), "type nests more than 32 levels"),
    ]

    @Test(arguments: invalid)
    func rejectsWithMessage(text: String, message: String) {
        switch FlinkType.parse(text) {
        case let .success(type): Issue.record("'\(text)' parsed as \(type.sql)")
        case let .failure(error): #expect(error.message.contains(message), "got: \(error.message)")
        }
    }

    @Test func timeKinds() throws {
        #expect(try FlinkType.parse("TIMESTAMP(3)").get().timeKind == .timestamp(precision: 3, local: false))
        #expect(try FlinkType.parse("TIMESTAMP").get().timeKind == .timestamp(precision: 6, local: false))
        #expect(try FlinkType.parse("TIMESTAMP(3) WITH LOCAL TIME ZONE").get().timeKind == .timestamp(precision: 3, local: true))
        #expect(try FlinkType.parse("TIMESTAMP_LTZ(3)").get().timeKind == .timestamp(precision: 3, local: true))
        #expect(try FlinkType.parse("BIGINT").get().timeKind == .epochMillis)
        #expect(try FlinkType.parse("STRING").get().timeKind == .text)
        #expect(try FlinkType.parse("DOUBLE").get().timeKind == .other)
        #expect(try FlinkType.parse("ARRAY<TIMESTAMP(3)>").get().timeKind == .other)
    }

    @Test func nullability() throws {
        let type = try FlinkType.parse("ROW<a INT NOT NULL> NOT NULL").get()
        #expect(!type.isNullable)
        #expect(type.asNullable.sql == "ROW<`a` INT NOT NULL>")
        #expect(FlinkType.string.isNullable)
    }

    @Test(arguments: FlinkType.typeKeywords)
    func everyTypeKeywordStartsAType(keyword: String) {
        let samples = ["\(keyword)", "\(keyword)<>", "\(keyword)<INT>", "\(keyword)<STRING, INT>", "\(keyword) DAY", "\(keyword) PRECISION"]
        #expect(samples.contains { (try? FlinkType.parse($0).get()) != nil }, "no type starts with \(keyword)")
    }
}
