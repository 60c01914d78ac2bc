#!/usr/bin/env python3
"""Prove uis-gen's Flink SQL scripts with Flink's own planner (PyFlink, streaming mode).

Usage (normally through the wrapper scripts/verify-sql, which runs this in the venv of
scripts/setup):
    verify_sql.py FILE.sql [FILE.sql ...]   verify every file; exit 0 only if all plan
    verify_sql.py --self-test               run the embedded positive/negative scripts

One JVM serves all files; every file gets a fresh TableEnvironment. Nothing is ever
executed as a job: INSERTs and statement sets are only EXPLAINed (optimised).

How a file is verified
----------------------
The file is split into statements by a tokenizer that knows '...' literals ('' doubling),
`...` identifiers (`` doubling), "..." quoting, -- line comments and /* */ comments, so ';'
or '--' inside a literal or identifier never splits. ${NAME} references inside string
literals are replaced by a dummy value, and OPTIONS(...) hints (dynamic options of the real
connector, which a stand-in would reject) are removed from /*+ ... */ hints; a UTF-8 BOM is
ignored. Then, in three phases:

 1. In file order: every CREATE / ALTER / DROP / USE statement is executed as written
    (CREATE TABLE with an unknown connector is fine: Flink resolves connectors only when
    planning), except CREATE VIEW, whose query Flink converts at creation time: views are
    created in phase 3, in file order, once the stand-ins exist. A CREATE CATALOG whose 'type' is not 'generic_in_memory' (iceberg, hive,
    jdbc, ...) is replaced by CREATE CATALOG <same name> WITH ('type'='generic_in_memory'),
    so CREATE DATABASE / CREATE TABLE inside it still run; tables created in such a
    catalog are taken to have that type as their connector. SET statements are applied
    to the TableConfig (TableConfig.set). CREATE TABLE ... AS SELECT is refused (it would
    start a job).
 2. Every table created in phase 1 is shadowed by a local stand-in with the same schema:
        CREATE TEMPORARY TABLE <same identifier> WITH (<stand-in>) LIKE <same identifier>
            (EXCLUDING OPTIONS)
    This works because a temporary table may shadow a permanent table of the same
    identifier, and while the statement is analysed the LIKE still resolves to the
    permanent original. LIKE keeps computed columns, watermarks, primary key and
    partitioning. Three cases cannot use that trick and get the same stand-in built via
    the Table API (TableDescriptor + the original's unresolved Schema) instead:
      - the original is itself TEMPORARY (it is dropped, then re-created),
      - it has DISTRIBUTED BY (Flink 2.3 ignores LIKE ... EXCLUDING DISTRIBUTION, and no
        stand-in connector supports bucketing),
      - it has METADATA columns (no stand-in supports the original's metadata keys):
        for a source they become physical columns of the same type; for a sink a
        persisted metadata column becomes physical, a VIRTUAL one becomes a computed
        column CAST(NULL AS <type>) (so it is still excluded from INSERT).
    Stand-ins:
      source, connector '*-cdc'              -> filesystem + debezium-json (a changelog source)
      source, other                          -> datagen (filesystem + json if a physical
                                                column has a type datagen cannot make)
      sink that accepts changelogs           -> blackhole
         (upsert-kafka, print, blackhole; iceberg / jdbc / elasticsearch / opensearch /
          mongodb / hbase / paimon / hudi only with a PRIMARY KEY)
      any other sink (kafka, clickhouse, filesystem, http-sink, iceberg without PK, ...)
                                             -> filesystem + json, which is append-only,
         so Flink still rejects an update/delete stream feeding it.
      table that is both read and written    -> filesystem + debezium-json (changelog
         sink/source) or + json (append-only), by the rules above.
 3. In file order, every other statement: SET is applied again, each INSERT and each
    EXECUTE STATEMENT SET BEGIN ... END block is explained through a StatementSet
    (StatementSet.explain(), i.e. EXPLAIN STATEMENT SET), SELECT is explained,
    EXPLAIN / SHOW / DESCRIBE are executed (they run no job). Anything else is an error.

Output: one line per file, "ok FILE (N tables, M inserts planned)" or "FAIL FILE" followed
by the failing statement (with its line number) and Flink's error message. Exit status 0
when every file planned, 1 otherwise, 2 on usage errors.
"""

import json
import os
import re
import shutil
import sys
import tempfile
import time

DUMMY_SECRET = "uis-verify-dummy"
SECRET_RE = re.compile(r"\$\{[^}]*\}")

# Connectors whose sink accepts update/delete changes whatever the schema, and those that
# do so only when the table has a PRIMARY KEY. Every other sink is treated as append-only.
CHANGELOG_SINKS = {"upsert-kafka", "print", "blackhole"}
CHANGELOG_SINKS_WITH_PK = {
    "iceberg", "jdbc", "elasticsearch-6", "elasticsearch-7", "elasticsearch-8",
    "opensearch", "opensearch-2", "mongodb", "hbase-1.4", "hbase-2.2", "paimon", "hudi",
    # itinycheng/flink-connector-clickhouse: with a PRIMARY KEY the sink accepts updates and
    # deletes (sink.update-strategy); without one it is append-only.
    "clickhouse",
}
# Logical type roots the datagen connector can generate (checked against Flink 2.3).
DATAGEN_TYPES = {
    "CHAR", "VARCHAR", "BOOLEAN", "BINARY", "VARBINARY", "DECIMAL", "TINYINT", "SMALLINT",
    "INTEGER", "BIGINT", "FLOAT", "DOUBLE", "DATE", "TIME_WITHOUT_TIME_ZONE",
    "TIMESTAMP_WITHOUT_TIME_ZONE", "TIMESTAMP_WITH_LOCAL_TIME_ZONE", "ARRAY", "MAP",
    "MULTISET", "ROW",
}


class VerifyError(Exception):
    def __init__(self, stmt, message, block=None):
        super().__init__(message)
        self.stmt = stmt
        self.message = message
        self.block = block


# --------------------------------------------------------------------------------------
# Tokenizer / statement splitter
# --------------------------------------------------------------------------------------

class Tok:
    __slots__ = ("kind", "text", "line")

    def __init__(self, kind, text, line):
        self.kind = kind  # ws comment str ident qident word punct
        self.text = text
        self.line = line

    @property
    def up(self):
        return self.text.upper() if self.kind == "word" else None

    def value(self):
        """Unquoted value of a literal or identifier token."""
        if self.kind == "str":
            return self.text[1:-1].replace("''", "'")
        if self.kind == "qident":
            return self.text[1:-1].replace("``", "`")
        if self.kind == "dquote":
            return self.text[1:-1].replace('""', '"')
        return self.text


def tokenize(sql):
    toks = []
    i, n, line = 0, len(sql), 1

    def quoted(q, kind):
        nonlocal i
        j = i + 1
        while True:
            k = sql.find(q, j)
            if k < 0:
                raise ValueError("unterminated %s starting at line %d" % (
                    {"str": "string literal", "qident": "`identifier`",
                     "dquote": "double-quoted token"}[kind], line))
            if k + 1 < n and sql[k + 1] == q:
                j = k + 2
                continue
            return k + 1

    while i < n:
        c = sql[i]
        if c.isspace():
            j = i
            while j < n and sql[j].isspace():
                j += 1
            kind = "ws"
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            kind = "comment"
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            if j < 0:
                raise ValueError("unterminated /* comment starting at line %d" % line)
            j += 2
            # /*+ ... */ is a hint and must stay part of the statement text (it does: only
            # ws/comment tokens are dropped from the *significant* token list, never from
            # the text), so treat both as comments.
            kind = "comment"
        elif c == "'":
            j, kind = quoted("'", "str"), "str"
        elif c == "`":
            j, kind = quoted("`", "qident"), "qident"
        elif c == '"':
            j, kind = quoted('"', "dquote"), "dquote"
        elif c.isalnum() or c in "_$" or ord(c) > 127:
            j = i
            while j < n and (sql[j].isalnum() or sql[j] in "_$" or ord(sql[j]) > 127):
                j += 1
            kind = "word"
        else:
            j, kind = i + 1, "punct"
        toks.append(Tok(kind, sql[i:j], line))
        line += sql.count("\n", i, j)
        i = j
    return toks


class Stmt:
    def __init__(self, toks, path):
        self.toks = toks
        self.path = path
        self.sig = [t for t in toks if t.kind not in ("ws", "comment")]
        self.line = self.sig[0].line if self.sig else (toks[0].line if toks else 0)

    def words(self, k):
        return [t.up for t in self.sig[:k]]

    def text(self, start_tok=None):
        """Statement text with ${...} inside literals replaced by a dummy value."""
        out, started = [], start_tok is None
        for t in self.toks:
            if not started:
                if t is start_tok:
                    started = True
                else:
                    continue
            if t.kind == "str":
                out.append(SECRET_RE.sub(DUMMY_SECRET, t.text))
            elif t.kind == "comment" and t.text.startswith("/*+"):
                out.append(strip_options_hint(t.text))
            else:
                out.append(t.text)
        return "".join(out).strip()

    def raw(self):
        return "".join(t.text for t in self.toks).strip()


def split_statements(sql, path):
    if sql.startswith("\ufeff"):
        sql = sql[1:]  # UTF-8 byte order mark
    stmts, cur = [], []
    for t in tokenize(sql):
        if t.kind == "punct" and t.text == ";":
            s = Stmt(cur, path)
            if s.sig:
                stmts.append(s)
            cur = []
        else:
            cur.append(t)
    s = Stmt(cur, path)
    if s.sig:
        stmts.append(s)
    return stmts


def strip_options_hint(hint):
    """Remove OPTIONS(...) from a /*+ ... */ hint (dynamic table options are options of the
    real connector, which the stand-ins would reject); other hints are kept."""
    try:
        toks = tokenize(hint[3:-2])
    except ValueError:
        return hint
    kept, i, removed = [], 0, False
    while i < len(toks):
        t = toks[i]
        if t.kind == "word" and t.text.upper() == "OPTIONS":
            j = i + 1
            while j < len(toks) and toks[j].kind in ("ws", "comment"):
                j += 1
            if j < len(toks) and toks[j].text == "(":
                depth = 0
                while j < len(toks):
                    if toks[j].text == "(":
                        depth += 1
                    elif toks[j].text == ")":
                        depth -= 1
                        if depth == 0:
                            break
                    j += 1
                i, removed = j + 1, True
                continue
        kept.append(t)
        i += 1
    if not removed:
        return hint
    # drop commas left dangling between/around the remaining hints
    sig = [t for t in kept if t.kind not in ("ws", "comment")]
    out, prev = [], None
    for t in sig:
        if t.text == "," and (prev is None or prev.text == ","):
            continue
        out.append(t)
        prev = t
    while out and out[-1].text == ",":
        out.pop()
    if not out:
        return " "
    return "/*+ " + " ".join(t.text for t in out) + " */"


def parse_ident(sig, i):
    """Dotted identifier starting at sig[i] -> (list of names, index after it)."""
    parts = []
    while i < len(sig) and sig[i].kind in ("word", "qident"):
        parts.append(sig[i].value())
        i += 1
        if i < len(sig) and sig[i].text == "." and sig[i].kind == "punct":
            i += 1
        else:
            break
    return parts, i


def quote_ident(parts):
    return ".".join("`" + p.replace("`", "``") + "`" for p in parts)


def sql_str(v):
    return "'" + v.replace("'", "''") + "'"


def parse_with_options(sig, i):
    """sig[i] is '(' of a WITH clause: returns {key: value}."""
    opts, depth, j = {}, 0, i
    while j < len(sig):
        t = sig[j]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
            if depth == 0:
                break
        elif (t.kind == "str" and j + 2 < len(sig) and sig[j + 1].text == "="
              and sig[j + 2].kind == "str" and depth == 1):
            opts[t.value()] = sig[j + 2].value()
            j += 3
            continue
        j += 1
    return opts


# --------------------------------------------------------------------------------------
# Flink side
# --------------------------------------------------------------------------------------

def flink_message(exc):
    """Readable message from a (Py4J/PyFlink) exception: drop Java stack frames."""
    lines, seen = [], set()
    for ln in str(exc).splitlines():
        s = ln.strip()
        if not s or s.startswith("at ") or re.match(r"^\.\.\. \d+ more$", s):
            continue
        if s.startswith("An error occurred while calling"):
            continue
        if s.startswith(": "):
            s = s[2:]
        if s in seen:
            continue
        seen.add(s)
        lines.append(s)
        if len(lines) >= 14:
            lines.append("...")
            break
    return "\n".join(lines) or repr(exc)


def target_version(path, sql):
    """The Flink version a script targets: bundle.json beside sql/, else the script's `-- Target: Flink X.Y.` line."""
    manifest = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(path))), "bundle.json")
    text = None
    try:
        with open(manifest, encoding="utf-8") as f:
            text = json.load(f).get("flink_version")
    except (OSError, ValueError):
        m = re.search(r"^-- Target: Flink (\d+)\.(\d+)\.", sql, re.M)
        text = m and m.group(1) + "." + m.group(2)
    if not text:
        return None
    major, minor = text.split(".")[:2]
    return (int(major), int(minor))


class FileVerifier:
    def __init__(self, env_mod, path, sql):
        self.path = path
        self.sql = sql
        self.te = env_mod.TableEnvironment.create(env_mod.EnvironmentSettings.in_streaming_mode())
        self.target = target_version(path, sql)
        if self.target is not None and self.target < (2, 3):
            # Flink 2.3 (FLIP-558) rejects an INSERT whose upsert key differs from the sink's primary key unless it
            # says ON CONFLICT, a clause older versions do not parse; they deduplicate implicitly (the sink upsert
            # materializer). Plan a bundle for an older target with that older behaviour.
            self.te.get_config().set("table.exec.sink.require-on-conflict", "false")
        self.jte = self.te._j_tenv
        from pyflink.java_gateway import get_gateway
        self.gw = get_gateway()
        self.J = self.gw.jvm
        self.tmp = tempfile.mkdtemp(prefix="uis-verify-sql-")
        self.catalog_types = {}   # catalog name -> original type (when replaced)
        self.tables = []          # [(qualified parts, stmt, temporary)]
        self.sinks = set()        # qualified tuples that are INSERT targets
        self.deferred = []        # phase-3 items
        self.inserts = 0

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- helpers ---------------------------------------------------------------------
    def qualify(self, parts):
        if len(parts) == 1:
            return (self.te.get_current_catalog(), self.te.get_current_database(), parts[0])
        if len(parts) == 2:
            return (self.te.get_current_catalog(), parts[0], parts[1])
        return tuple(parts[-3:])

    def run(self, stmt, text):
        try:
            return self.te.execute_sql(text)
        except Exception as e:  # noqa: BLE001 - Py4J/PyFlink raise many kinds
            raise VerifyError(stmt, flink_message(e))

    def apply_set(self, stmt):
        sig = stmt.sig
        if len(sig) == 1:
            return  # bare SET lists the configuration
        if len(sig) >= 4 and sig[2].text == "=":
            k = sig[1].value()
            v = SECRET_RE.sub(DUMMY_SECRET, sig[3].value()) if sig[3].kind == "str" else \
                "".join(t.text for t in sig[3:])
            self.te.get_config().set(k, v)
            return
        raise VerifyError(stmt, "cannot parse SET statement (expected SET 'key' = 'value')")

    # -- phase 1 -------------------------------------------------------------------------
    def phase1(self):
        try:
            stmts = split_statements(self.sql, self.path)
        except ValueError as e:
            raise VerifyError(None, "tokenizer: %s" % e)
        block = None
        for st in stmts:
            w = st.words(5)
            if block is not None:
                if w[0] == "END" and len(st.sig) == 1:
                    self.deferred.append(("block", block[0], block[1]))
                    block = None
                else:
                    self.note_insert(st, st.sig[0])
                    block[1].append((st, st.sig[0]))
                continue
            if w[:4] == ["EXECUTE", "STATEMENT", "SET", "BEGIN"] or w[:3] == ["BEGIN", "STATEMENT", "SET"]:
                k = 4 if w[0] == "EXECUTE" else 3
                block = (st, [])
                if len(st.sig) > k:  # first INSERT is in the same ';'-statement as BEGIN
                    first = st.sig[k]
                    if len(st.sig) == k + 1 and first.up == "END":
                        self.deferred.append(("block", st, []))
                        block = None
                        continue
                    self.note_insert(st, first)
                    block[1].append((st, first))
                continue
            head = w[0]
            if head == "CREATE" and ("VIEW" in w or "MATERIALIZED" in w):
                # a view's query is converted (and its sources' connectors looked up) when
                # it is created, so views are created after the stand-ins, in file order
                self.deferred.append(("exec", st, None))
            elif head == "CREATE":
                self.create(st)
            elif head in ("ALTER", "DROP", "USE"):
                self.run(st, st.text())
            elif head == "SET":
                self.apply_set(st)
                self.deferred.append(("set", st, None))
            elif head == "RESET":
                self.deferred.append(("exec", st, None))
            elif head == "INSERT" or (head == "EXECUTE" and w[1] == "INSERT"):
                first = st.sig[1] if head == "EXECUTE" else st.sig[0]
                self.note_insert(st, first)
                self.deferred.append(("insert", st, first))
            elif head in ("SELECT", "WITH", "VALUES"):
                self.deferred.append(("select", st, None))
            elif head in ("EXPLAIN", "SHOW", "DESCRIBE", "DESC"):
                self.deferred.append(("exec", st, None))
            else:
                raise VerifyError(st, "unsupported statement %s" % head)
        if block is not None:
            raise VerifyError(block[0], "statement set BEGIN without END")

    def note_insert(self, st, first_tok):
        sig = st.sig
        i = sig.index(first_tok)
        if sig[i].up != "INSERT" or i + 1 >= len(sig) or sig[i + 1].up not in ("INTO", "OVERWRITE"):
            raise VerifyError(st, "only INSERT statements may appear in a statement set")
        parts, _ = parse_ident(sig, i + 2)
        if not parts:
            raise VerifyError(st, "cannot parse INSERT target")
        self.sinks.add(self.qualify(parts))

    def create(self, st):
        sig = st.sig
        i = 1
        if i < len(sig) and sig[i].up == "OR":  # CREATE OR REPLACE ...
            i += 2
        temporary = False
        while i < len(sig) and sig[i].up in ("TEMPORARY", "SYSTEM"):
            temporary = True
            i += 1
        kind = sig[i].up if i < len(sig) else None
        if kind == "CATALOG":
            j = i + 1
            if j + 2 < len(sig) and [t.up for t in sig[j:j + 3]] == ["IF", "NOT", "EXISTS"]:
                j += 3
            parts, k = parse_ident(sig, j)
            opts = {}
            if k < len(sig) and sig[k].up == "WITH" and k + 1 < len(sig) and sig[k + 1].text == "(":
                opts = parse_with_options(sig, k + 1)
            ctype = opts.get("type", "")
            if ctype != "generic_in_memory":
                if not parts:
                    raise VerifyError(st, "cannot parse catalog name")
                self.catalog_types[parts[0]] = ctype
                self.run(st, "CREATE CATALOG %s%s WITH ('type' = 'generic_in_memory')" % (
                    "IF NOT EXISTS " if j != i + 1 else "", quote_ident(parts)))
                return
            self.run(st, st.text())
            return
        if kind == "TABLE":
            j = i + 1
            if j + 2 < len(sig) and [t.up for t in sig[j:j + 3]] == ["IF", "NOT", "EXISTS"]:
                j += 3
            parts, k = parse_ident(sig, j)
            if not parts:
                raise VerifyError(st, "cannot parse table name")
            depth = 0
            for t in sig[k:]:
                if t.text == "(":
                    depth += 1
                elif t.text == ")":
                    depth -= 1
                elif depth == 0 and t.up == "AS":
                    raise VerifyError(st, "CREATE TABLE ... AS SELECT is not supported by "
                                          "verify-sql (it would run a job)")
            qual = self.qualify(parts)
            self.run(st, st.text())
            if all(q != qual for q, _, _ in self.tables):
                self.tables.append((qual, st, temporary))
            return
        self.run(st, st.text())

    # -- phase 2 -------------------------------------------------------------------------
    def lookup(self, qual):
        oid = self.J.org.apache.flink.table.catalog.ObjectIdentifier.of(*qual)
        opt = self.jte.getCatalogManager().getTable(oid)
        return opt.get() if opt.isPresent() else None

    def referenced_elsewhere(self, qual):
        """Is the table read somewhere, i.e. named in a phase-3 statement other than as
        the target of its INSERT?  (Token based: any dotted identifier that qualifies to
        the table's path.)"""
        for kind, st, arg in self.deferred:
            pieces = arg if kind == "block" else [(st, arg)]
            for pst, first in pieces:
                sig = pst.sig
                i = sig.index(first) if first is not None else 0
                if sig[i].up == "INSERT":  # skip INSERT INTO <target>
                    _, i = parse_ident(sig, i + 2)
                while i < len(sig):
                    if sig[i].kind in ("word", "qident"):
                        parts, nxt = parse_ident(sig, i)
                        if parts[-1] == qual[2] and self.qualify(parts) == qual:
                            return True
                        i = max(nxt, i + 1)
                    else:
                        i += 1
        return False

    def has_type_outside(self, logical_type, allowed):
        if logical_type.getTypeRoot().toString() not in allowed:
            return True
        return any(self.has_type_outside(c, allowed) for c in logical_type.getChildren())

    def shadow_all(self):
        for qual, st, temporary in self.tables:
            ctx = self.lookup(qual)
            if ctx is None:
                continue  # dropped again in the script
            table = ctx.getResolvedTable()
            if table.getTableKind().toString() != "TABLE":
                continue
            opts = dict(table.getOptions())
            connector = opts.get("connector") or self.catalog_types.get(qual[0], "") or ""
            connector = connector.lower()
            schema = table.getResolvedSchema()
            has_pk = schema.getPrimaryKey().isPresent()
            is_sink = qual in self.sinks
            is_source = (not is_sink) or self.referenced_elsewhere(qual)
            cdc = connector.endswith("-cdc")
            changelog_sink = connector in CHANGELOG_SINKS or (
                has_pk and connector in CHANGELOG_SINKS_WITH_PK)
            path = tempfile.mkdtemp(dir=self.tmp)
            if is_sink and is_source:
                fmt = "debezium-json" if (cdc or changelog_sink) else "json"
                new = {"connector": "filesystem", "path": path, "format": fmt}
            elif is_sink:
                new = {"connector": "blackhole"} if changelog_sink else \
                      {"connector": "filesystem", "path": path, "format": "json"}
            elif cdc:
                new = {"connector": "filesystem", "path": path, "format": "debezium-json"}
            else:
                physical = [c for c in schema.getColumns() if c.isPhysical() or
                            c.getClass().getSimpleName() == "MetadataColumn"]
                if any(self.has_type_outside(c.getDataType().getLogicalType(), DATAGEN_TYPES)
                       for c in physical):
                    new = {"connector": "filesystem", "path": path, "format": "json"}
                else:
                    new = {"connector": "datagen"}
            has_meta = any(c.getClass().getSimpleName() == "MetadataColumn"
                           for c in schema.getColumns())
            distributed = table.getDistribution().isPresent()
            if not (temporary or has_meta or distributed):
                with_clause = ", ".join("%s = %s" % (sql_str(k), sql_str(v)) for k, v in new.items())
                ident = quote_ident(qual)
                self.run(st, "CREATE TEMPORARY TABLE %s WITH (%s) LIKE %s (EXCLUDING OPTIONS)"
                         % (ident, with_clause, ident))
            else:
                self.shadow_via_api(st, qual, table, new, is_sink and not is_source, temporary)

    def shadow_via_api(self, st, qual, table, new, sink_only, temporary):
        J = self.J
        b = J.org.apache.flink.table.api.Schema.newBuilder()
        us = table.getUnresolvedSchema()
        resolved = table.getResolvedSchema()
        for col in us.getColumns():
            name, cls = col.getName(), col.getClass().getSimpleName()
            if cls == "UnresolvedPhysicalColumn":
                b.column(name, col.getDataType())
            elif cls == "UnresolvedComputedColumn":
                b.columnByExpression(name, col.getExpression())
            elif cls == "UnresolvedMetadataColumn":
                if sink_only and col.isVirtual():
                    t = resolved.getColumn(name).get().getDataType().getLogicalType()
                    b.columnByExpression(name, "CAST(NULL AS %s)" % t.asSerializableString())
                else:
                    b.column(name, col.getDataType())
            else:
                raise VerifyError(st, "verify-sql: unknown column kind %s" % cls)
        for wm in us.getWatermarkSpecs():
            b.watermark(wm.getColumnName(), wm.getWatermarkExpression())
        pk = us.getPrimaryKey()
        if pk.isPresent():
            b.primaryKeyNamed(pk.get().getConstraintName(), pk.get().getColumnNames())
        d = J.org.apache.flink.table.api.TableDescriptor.forConnector(new["connector"])
        d = d.schema(b.build())
        for k, v in new.items():
            if k != "connector":
                d = d.option(k, v)
        keys = list(table.getPartitionKeys())
        if keys:
            arr = self.gw.new_array(J.java.lang.String, len(keys))
            for i, k in enumerate(keys):
                arr[i] = k
            d = d.partitionedBy(arr)
        ident = quote_ident(qual)
        if temporary:
            self.run(st, "DROP TEMPORARY TABLE %s" % ident)
        try:
            self.jte.createTemporaryTable(ident, d.build())
        except Exception as e:  # noqa: BLE001
            raise VerifyError(st, "creating stand-in: " + flink_message(e))

    # -- phase 3 -------------------------------------------------------------------------
    def add_insert(self, sset, st, first):
        try:
            sset.add_insert_sql(st.text(first))
        except Exception as e:  # noqa: BLE001
            raise VerifyError(st, flink_message(e))
        self.inserts += 1

    def phase3(self):
        for kind, st, arg in self.deferred:
            if kind == "set":
                self.apply_set(st)
            elif kind == "exec":
                self.run(st, st.text())
            elif kind == "select":
                try:
                    self.te.explain_sql(st.text())
                except Exception as e:  # noqa: BLE001
                    raise VerifyError(st, flink_message(e))
            elif kind == "insert":
                sset = self.te.create_statement_set()
                self.add_insert(sset, st, arg)
                self.explain(sset, st)
            elif kind == "block":
                if not arg:
                    raise VerifyError(st, "empty statement set")
                sset = self.te.create_statement_set()
                for ist, first in arg:
                    self.add_insert(sset, ist, first)
                self.explain(sset, st, arg)

    def explain(self, sset, st, block=None):
        try:
            sset.explain()
        except Exception as e:  # noqa: BLE001
            raise VerifyError(st, flink_message(e), block)

    def verify(self):
        self.phase1()
        self.shadow_all()
        self.phase3()
        return len(self.tables), self.inserts


def verify_text(env_mod, path, sql):
    """-> (ok, report text)"""
    v = None
    try:
        v = FileVerifier(env_mod, path, sql)
        ntables, ninserts = v.verify()
        return True, "ok %s (%d tables, %d inserts planned)" % (path, ntables, ninserts)
    except VerifyError as e:
        out = ["FAIL %s" % path]
        if e.stmt is not None:
            text = e.stmt.raw()
            if e.block:  # a failing statement set: show the whole block
                text = ";\n".join([text] + [b.raw() for b, _ in e.block[1:]] + ["END"])
            if len(text) > 4000:
                text = text[:4000] + "\n  ... (statement truncated)"
            out.append("  statement at line %d:" % e.stmt.line)
            out.extend("    " + ln for ln in text.splitlines())
        out.append("  error:")
        out.extend("    " + ln for ln in e.message.splitlines())
        return False, "\n".join(out)
    finally:
        if v is not None:
            v.close()


# --------------------------------------------------------------------------------------
# Self-test
# --------------------------------------------------------------------------------------

SELF_TESTS = [
    ("websocket-to-kafka-with-watermark", True, None, r"""
-- websocket source, event time with watermark, append-only kafka sink
SET 'pipeline.name' = 'uis-realtime-analytics';
SET 'table.exec.state.ttl' = '86400000 ms';
CREATE TABLE `src_market_ticks` (
  `timestamp` STRING,
  `symbol` STRING,
  `price` DOUBLE,
  `tags` MAP<STRING, STRING>,
  `event_time` AS TO_TIMESTAMP(`timestamp`),
  WATERMARK FOR `event_time` AS `event_time` - INTERVAL '5' SECOND
) WITH (
  'connector' = 'websocket',
  'url' = 'wss://api.example.com/ws?x=1',
  'format' = 'json',
  'header.Authorization' = 'Bearer ${TOKEN}'
);
CREATE TABLE `sink_kafka_0` (`ticker` STRING, `price` DOUBLE, `window_end` TIMESTAMP(3), `uis_endpoint` STRING)
WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json',
      'key.format' = 'json', 'key.fields' = 'ticker', 'sink.delivery-guarantee' = 'exactly-once');
CREATE TABLE `sink_kafka_1` (`ticker` STRING, `avg_price` DOUBLE, `window_end` TIMESTAMP(3))
WITH ('connector' = 'kafka', 'topic' = 't2', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
EXECUTE STATEMENT SET
BEGIN
INSERT INTO `sink_kafka_0` (`ticker`, `price`, `window_end`, `uis_endpoint`)
  SELECT `symbol` AS `ticker`, `price`, `event_time`, 'market_ticks' AS `uis_endpoint` FROM `src_market_ticks`;
INSERT INTO `sink_kafka_1`
  SELECT `symbol`, AVG(`price`), `window_end`
  FROM TABLE(TUMBLE(TABLE `src_market_ticks`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE))
  GROUP BY `symbol`, `window_start`, `window_end`;
END;
"""),
    ("cdc-postgres-to-upsert-kafka", True, None, r"""
SET 'execution.checkpointing.interval' = '30 s';
CREATE TABLE `src_orders` (`id` BIGINT, `customer` STRING, `amount` DECIMAL(10, 2),
  `op_ts` TIMESTAMP_LTZ(3) METADATA FROM 'op_ts' VIRTUAL,
  PRIMARY KEY (`id`) NOT ENFORCED)
WITH ('connector' = 'postgres-cdc', 'hostname' = 'db', 'username' = 'u', 'password' = '${DB_PASSWORD}',
      'database-name' = 'shop', 'schema-name' = 'public', 'table-name' = 'orders', 'slot.name' = 's');
CREATE TABLE `sink_upsert_0` (`customer` STRING, `total` DECIMAL(38, 2), `last_change` TIMESTAMP_LTZ(3),
  PRIMARY KEY (`customer`) NOT ENFORCED)
WITH ('connector' = 'upsert-kafka', 'topic' = 'totals', 'properties.bootstrap.servers' = 'k:9092',
      'key.format' = 'json', 'value.format' = 'json');
CREATE TABLE `sink_upsert_1` (`id` BIGINT, `amount` DECIMAL(10, 2), PRIMARY KEY (`id`) NOT ENFORCED)
WITH ('connector' = 'upsert-kafka', 'topic' = 'o', 'properties.bootstrap.servers' = 'k:9092',
      'key.format' = 'json', 'value.format' = 'json');
INSERT INTO `sink_upsert_0` SELECT `customer`, SUM(`amount`), MAX(`op_ts`) FROM `src_orders` GROUP BY `customer`;
INSERT INTO `sink_upsert_1` SELECT `id`, `amount` FROM `src_orders`;
"""),
    ("iceberg-catalog-sink", True, None, r"""
CREATE TABLE `src_events` (`id` BIGINT, `kind` STRING, `payload` ROW<`a` INT, `b` ARRAY<STRING>>, `ts` TIMESTAMP(3))
  WITH ('connector' = 'webhook', 'path' = '/hook', 'secret' = '${HOOK_SECRET}');
CREATE CATALOG `iceberg_lake` WITH ('type' = 'iceberg', 'catalog-type' = 'rest', 'uri' = 'https://cat', 'warehouse' = 's3://w');
CREATE DATABASE IF NOT EXISTS `iceberg_lake`.`analytics`;
CREATE TABLE IF NOT EXISTS `iceberg_lake`.`analytics`.`events` (`id` BIGINT, `kind` STRING,
  `payload` ROW<`a` INT, `b` ARRAY<STRING>>, `ts` TIMESTAMP(3), PRIMARY KEY (`id`) NOT ENFORCED)
  PARTITIONED BY (`kind`) WITH ('format-version' = '2', 'write.upsert.enabled' = 'true');
CREATE TABLE IF NOT EXISTS `iceberg_lake`.`analytics`.`counts` (`kind` STRING, `n` BIGINT, PRIMARY KEY (`kind`) NOT ENFORCED)
  WITH ('format-version' = '2', 'write.upsert.enabled' = 'true');
EXECUTE STATEMENT SET
BEGIN
INSERT INTO `iceberg_lake`.`analytics`.`events` SELECT * FROM `src_events`;
INSERT INTO `iceberg_lake`.`analytics`.`counts` SELECT `kind`, COUNT(*) FROM `src_events` GROUP BY `kind`;
END;
"""),
    ("awkward-identifiers-and-literals", True, None, r"""
-- identifiers with spaces, quotes, backticks, semicolons, unicode; literals with ; and --
SET 'pipeline.name' = 'it''s; a -- name';
CREATE TABLE `src ``odd``; name -- x` (
  `col with space` STRING,
  `quote'col` INT,
  `semi;colon` STRING,
  `ünï ☃ 名` DOUBLE,
  `"dq"` BIGINT
) WITH ('connector' = 'http', 'url' = 'https://h/x?a=1;b=2 -- not a comment', 'note' = 'line1
line2; -- still literal', 'token' = '${API_TOKEN}');
CREATE TABLE `sink ``odd``; -- name` (`a b` STRING, `c'd` INT, `e;f` STRING, `ünï ☃ 名` DOUBLE, `literal` STRING)
  WITH ('connector' = 'kafka', 'topic' = 'a;b', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
/* block comment; with -- inside */
INSERT INTO `sink ``odd``; -- name` (`a b`, `c'd`, `e;f`, `ünï ☃ 名`, `literal`)
SELECT `col with space`, `quote'col`, `semi;colon`, `ünï ☃ 名`, 'x; -- y ''z'' ${NOT_A_SECRET' || '}'
FROM `src ``odd``; name -- x`; -- trailing comment; with semicolon
"""),
    ("stand-in-special-cases", True, None, r"""
-- temporary original, metadata columns (source and sink), DISTRIBUTED BY sink,
-- a table both written and read, a type datagen cannot make (VARIANT), SELECT and SHOW
CREATE TEMPORARY TABLE `src_tmp` (`k` STRING, `v` BIGINT, `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND) WITH ('connector' = 'websocket');
CREATE TABLE `src_kafka` (`k` STRING, `v` BIGINT,
  `kts` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  `part` INT METADATA FROM 'partition' VIRTUAL,
  WATERMARK FOR `kts` AS `kts` - INTERVAL '2' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'in', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE `src_variant` (`k` STRING, `doc` VARIANT) WITH ('connector' = 'webhook');
CREATE TABLE `sink_dist` (`k` STRING, `v` BIGINT, `hdr` MAP<STRING, BYTES> METADATA FROM 'headers',
  `off` BIGINT METADATA FROM 'offset' VIRTUAL)
  DISTRIBUTED BY HASH(`k`) INTO 4 BUCKETS
  WITH ('connector' = 'kafka', 'topic' = 'out', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE `mid` (`k` STRING, `v` BIGINT) WITH ('connector' = 'kafka', 'topic' = 'mid');
CREATE TABLE `sink_print` (`k` STRING, `n` BIGINT) WITH ('connector' = 'print');
EXECUTE STATEMENT SET
BEGIN
INSERT INTO `sink_dist` SELECT `k`, `v`, MAP['src', CAST('x' AS BYTES)] FROM `src_tmp`;
INSERT INTO `mid` SELECT `k`, `v` + `part` FROM `src_kafka`;
INSERT INTO `sink_print` SELECT `k`, COUNT(*) FROM `mid` GROUP BY `k`;
INSERT INTO `sink_print` SELECT `k`, CAST(1 AS BIGINT) FROM `src_variant`;
END;
SELECT `k`, `kts` FROM `src_kafka`;
SHOW TABLES;
"""),
    ("bom-crlf-view-hints-begin-statement-set", True, None, "\ufeff" + r"""
-- BOM + CRLF line endings, a view created before the stand-ins would exist, an OPTIONS
-- hint for the real connector (removed), a STATE_TTL hint (kept), SQL-client statement set
CREATE TABLE `orders;raw` (`order id` STRING, `amount` DOUBLE, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka', 'topic' = 'orders;v1', 'properties.bootstrap.servers' = '${KAFKA}', 'format' = 'json');
CREATE TEMPORARY VIEW `enriched—view` AS
SELECT `order id`, `amount` * 2 AS `double`, 'a;b -- c' AS note
FROM `orders;raw` /*+ OPTIONS('scan.startup.mode'='earliest-offset', 'properties.group.id'='g') */;
CREATE TABLE `sink_pg` (`order id` STRING, `total` DOUBLE, PRIMARY KEY (`order id`) NOT ENFORCED)
  WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://${PG_HOST}:5432/a', 'table-name' = 't');
CREATE TABLE `print;sink` (`note` STRING) WITH ('connector' = 'print');
BEGIN STATEMENT SET;
INSERT INTO `sink_pg` SELECT /*+ STATE_TTL('v'='1d') */ `order id`, SUM(`double`) FROM `enriched—view` AS v GROUP BY `order id`;
INSERT INTO `print;sink` SELECT note FROM `enriched—view` /*+ OPTIONS('x'='y') */;
END;
""".replace("\n", "\r\n")),
    ("negative: cdc-into-append-only-kafka", False, "doesn't support consuming update and delete changes", r"""
CREATE TABLE `src_orders` (`id` BIGINT, `amount` DECIMAL(10, 2), PRIMARY KEY (`id`) NOT ENFORCED)
  WITH ('connector' = 'mysql-cdc', 'hostname' = 'db', 'password' = '${DB_PASSWORD}');
CREATE TABLE `sink_kafka_0` (`id` BIGINT, `amount` DECIMAL(10, 2))
  WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
EXECUTE STATEMENT SET
BEGIN
INSERT INTO `sink_kafka_0` SELECT `id`, `amount` FROM `src_orders`;
END;
"""),
    ("negative: aggregate-into-append-only-clickhouse", False, "doesn't support consuming update", r"""
CREATE TABLE `src` (`k` STRING, `v` DOUBLE) WITH ('connector' = 'websocket', 'url' = 'wss://x');
CREATE TABLE `sink_ch_0` (`k` STRING, `total` DOUBLE) WITH ('connector' = 'clickhouse', 'url' = 'jdbc:clickhouse://c:8123', 'table-name' = 't');
INSERT INTO `sink_ch_0` SELECT `k`, SUM(`v`) FROM `src` GROUP BY `k`;
"""),
    ("negative: syntax-error", False, "SQL parse failed", r"""
CREATE TABLE `src` (`a` STRING) WITH ('connector' = 'websocket');
CREATE TABLE `snk` (`a` STRING) WITH ('connector' = 'kafka');
INSERT INTO `snk` SELEKT `a` FROM `src`;
"""),
    ("negative: unknown-column", False, "not found", r"""
CREATE TABLE `src` (`a` STRING) WITH ('connector' = 'websocket');
CREATE TABLE `snk` (`a` STRING) WITH ('connector' = 'kafka');
INSERT INTO `snk` SELECT `b` FROM `src`;
"""),
    ("negative: bad-duration-in-set", False, "table.exec.state.ttl", r"""
SET 'table.exec.state.ttl' = 'one day';
CREATE TABLE `src` (`k` STRING, `v` BIGINT) WITH ('connector' = 'websocket');
CREATE TABLE `snk` (`k` STRING, `n` BIGINT, PRIMARY KEY (`k`) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
INSERT INTO `snk` SELECT `k`, COUNT(*) FROM `src` GROUP BY `k`;
"""),
    ("negative: unterminated-literal", False, "unterminated", r"""
CREATE TABLE `src` (`a` STRING) WITH ('connector' = 'websocket);
"""),
]


def self_test(env_mod):
    passed = failed = 0
    for name, expect_ok, expect_msg, sql in SELF_TESTS:
        ok, report = verify_text(env_mod, "<self-test %s>" % name, sql)
        good = ok == expect_ok and (expect_msg is None or expect_msg in report)
        if good:
            passed += 1
            print("PASS %s -> %s" % (name, report.splitlines()[0] if ok else "rejected as expected"))
        else:
            failed += 1
            print("FAIL %s (expected %s%s)\n%s" % (
                name, "success" if expect_ok else "failure",
                "" if expect_msg is None else " mentioning %r" % expect_msg, report))
    print("self-test: %d passed, %d failed" % (passed, failed))
    return failed == 0


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    t0 = time.time()
    import pyflink.table as env_mod  # starts nothing yet; the JVM starts with the first env
    if argv == ["--self-test"]:
        ok = self_test(env_mod)
        print("verify-sql: self-test took %.1f s" % (time.time() - t0), file=sys.stderr)
        return 0 if ok else 1
    all_ok = True
    for path in argv:
        try:
            with open(path, encoding="utf-8") as f:
                sql = f.read()
        except OSError as e:
            print("FAIL %s\n  error:\n    cannot read: %s" % (path, e))
            all_ok = False
            continue
        ok, report = verify_text(env_mod, path, sql)
        print(report, flush=True)
        all_ok = all_ok and ok
    print("verify-sql: %d file(s) in %.1f s" % (len(argv), time.time() - t0), file=sys.stderr)
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
