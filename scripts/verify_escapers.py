"""Round-trips uis-gen's escapers through the real consumers of each output language.

Input: a JSON corpus written by the Swift test EscaperCorpusTests (see scripts/verify-escapers):
a list of {text, sqlIdentifier, sqlLiteral, javaString, xml, markdown, shell, prometheusYAML}.
Each check reads the escaped form back with the program that consumes it and compares the result
with the original text, exactly:

  sql         Flink's parser and planner (PyFlink, one JVM, batch mode): SELECT <literal> AS <identifier>, ...
              yields columns named c<i>_<text> holding <text> (identifiers without CR/LF,
              which Flink's back-quoted identifiers cannot hold and the decoder rejects in source fields).
  java        javac compiles a class with every "<javaString>" and java prints their UTF-16 code units.
  xml         Python's expat parser reads <r>xml</r> back (XML 1.0 cannot hold control characters other than
              tab and newline, nor U+FFFE/U+FFFF; the escaper writes a space for those, expected here too).
  shell       bash -c 'printf %s <word>' prints the text (NUL cannot be passed to a program and is skipped).
  prometheus  promtool test rules: an alert whose annotation and label are yaml(prometheusTemplateText(t))
              fires with exactly t after template expansion (the expectation written as yaml(t), so Go's
              YAML parser reads the YAML escaper's output too).
  markdown    skipped unless a CommonMark parser (markdown_it) is importable: the rendered paragraph's text equals t.
"""
import json, os, subprocess, sys, tempfile

def xml_expected(t):
    return "".join(" " if (ord(c) < 0x20 and c not in "\t\n\r") or ord(c) in (0xFFFE, 0xFFFF) else c for c in t)

def check_sql(items):
    from pyflink.table import EnvironmentSettings, TableEnvironment
    te = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
    bad = []
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        query = "SELECT " + ",\n  ".join(f"{it['sqlLiteral']} AS {it['sqlIdentifier']}" for it in chunk)
        table = te.sql_query(query)
        names = table.get_schema().get_field_names()
        with table.execute().collect() as results:
            row = list(next(iter(results)))
        for i, it in enumerate(chunk):
            want_name = it["identifierText"]
            if names[i] != want_name: bad.append(f"sql identifier {it['text']!r}: column {names[i]!r}")
            if row[i] != it["text"]: bad.append(f"sql literal {it['text']!r}: value {row[i]!r}")
    return bad

def check_java(items, tmp):
    src = os.path.join(tmp, "Strings.java")
    with open(src, "w", encoding="utf-8") as f:
        f.write("public class Strings { public static void main(String[] a) { String[] s = {\n")
        f.write(",\n".join('"' + it["javaString"] + '"' for it in items))
        f.write("\n}; for (String x : s) { StringBuilder b = new StringBuilder(); for (int i = 0; i < x.length(); i++) "
                "{ b.append((int) x.charAt(i)).append(' '); } System.out.println(b.toString().trim()); } } }\n")
    subprocess.run(["javac", "-encoding", "UTF-8", "-d", tmp, src], check=True)
    out = subprocess.run(["java", "-cp", tmp, "Strings"], check=True, capture_output=True, text=True).stdout.split("\n")
    bad = []
    for it, line in zip(items, out):
        units = it["text"].encode("utf-16-le")
        want = " ".join(str(int.from_bytes(units[i:i + 2], "little")) for i in range(0, len(units), 2))
        if line != want: bad.append(f"java {it['text']!r}: {line!r}")
    return bad

def check_xml(items):
    import xml.etree.ElementTree as ET
    bad = []
    for it in items:
        try:
            got = ET.fromstring("<r>" + it["xml"] + "</r>").text or ""
        except ET.ParseError as e:
            bad.append(f"xml {it['text']!r}: {e}"); continue
        if got != xml_expected(it["text"]): bad.append(f"xml {it['text']!r}: {got!r}")
    return bad

def check_shell(items):
    bad = []
    for it in items:
        if "\0" in it["text"]: continue
        got = subprocess.run(["bash", "-c", "printf %s " + it["shell"]], capture_output=True).stdout.decode("utf-8", "surrogateescape")
        if got != it["text"]: bad.append(f"shell {it['text']!r}: {got!r}")
    return bad

def check_prometheus(items, tmp):
    rules = ["groups:", "  - name: escapers", "    rules:"]
    tests = ["rule_files: [rules.yaml]", "evaluation_interval: 1m", "tests:", "  - interval: 1m", "    input_series: []", "    alert_rule_test:"]
    usable = [it for it in items if "\0" not in it["text"]]
    for i, it in enumerate(usable):
        # an empty label value means "no label" in Prometheus, so the empty string is checked as an annotation only
        label = f"{{text: {it['prometheusYAML']}}}" if it["text"] else "{}"
        want = f"{{text: {it['yaml']}}}" if it["text"] else "{}"
        rules += [f"      - alert: A{i}", "        expr: vector(1)", f"        labels: {label}",
                  "        annotations:", f"          text: {it['prometheusYAML']}"]
        tests += ["      - eval_time: 1m", f"        alertname: A{i}", "        exp_alerts:",
                  f"          - exp_labels: {want}",
                  f"            exp_annotations: {{text: {it['yaml']}}}"]
    open(os.path.join(tmp, "rules.yaml"), "w", encoding="utf-8").write("\n".join(rules) + "\n")
    open(os.path.join(tmp, "tests.yaml"), "w", encoding="utf-8").write("\n".join(tests) + "\n")
    run = subprocess.run(["promtool", "test", "rules", "tests.yaml"], cwd=tmp, capture_output=True, text=True)
    return [] if run.returncode == 0 else ["prometheus: " + (run.stdout + run.stderr)[-3000:]]

def check_markdown(items):
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        print("markdown: skipped (no CommonMark parser installed)")
        return None
    md, bad = MarkdownIt("commonmark"), []
    for it in items:
        tokens = md.parseInline(it["markdown"])[0].children or []
        got = "".join(t.content for t in tokens if t.type == "text")
        want = " ".join(it["text"].replace("\r", "\n").split("\n"))
        if got.strip() != want.strip(): bad.append(f"markdown {it['text']!r}: {got!r}")
    return bad

def main(path):
    items = json.load(open(path, encoding="utf-8"))
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, check in [("xml", lambda: check_xml(items)), ("shell", lambda: check_shell(items)),
                            ("java", lambda: check_java(items, tmp)), ("prometheus", lambda: check_prometheus(items, tmp)),
                            ("markdown", lambda: check_markdown(items)), ("sql", lambda: check_sql(items))]:
            bad = check()
            if bad is None: continue
            print(f"{name}: {len(items)} strings, {len(bad)} failures")
            failures += bad
    for line in failures[:50]: print("  " + line)
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
