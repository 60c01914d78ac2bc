#!/usr/bin/env python3
"""Helper of scripts/extract-flink-keys (run it through that wrapper).

    flink_keys.py --pip PIP --out DIR [--raw RAWDIR] MINOR [MINOR ...]

For each Flink minor version (e.g. 2.2): download the newest apache-flink-libraries==MINOR.*
from PyPI (`pip download --no-deps`, wheel or sdist) into a temporary directory, take every
jar in it (pyflink/lib, opt, plugins) plus the jars nested in them (the table planner is a
jar inside flink-table-planner-loader), run ExtractFlinkKeys.java on them (compiled here
with javac), and write DIR/flink-MINOR.txt. The download is deleted right after.

Output format (see also the header written into every file):
    KEY                              a current configuration key
    KEY deprecated                   the ConfigOption itself is @Deprecated
    KEY alias-of CANONICAL[,...]     a non-deprecated fallback key of CANONICAL
    KEY deprecated-alias-of CANON[,...]  a deprecated key still accepted for CANONICAL
Sorted by KEY, one per line, each key once (if it is declared several ways: current wins,
then alias-of, then deprecated-alias-of, then deprecated). Lines starting with '#' are comments.

What counts as a configuration key: every static ConfigOption field in org.apache.flink
classes, except options that are not read from the Flink configuration but from a table's
WITH clause, a catalog/module definition or a hint (formats, connectors, FactoryUtil,
lookup options, ...; see EXCLUDE_* below) and the operator-internal StreamConfig keys.
Options declared with @Documentation.SuffixOption(PREFIX) are listed as PREFIX.KEY, as
Flink documents them (metrics.reporter.<name>.factory.class). Options of the reporter
plugins (metrics-*) are relative to the reporter and are listed as
metrics.reporter.<name>.KEY.
"""

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

EXCLUDE_PACKAGES = (
    "org.apache.flink.formats.",          # format options ('json.ignore-parse-errors' ...)
    "org.apache.flink.connector.",        # connector table options (datagen, filesystem, ...)
    "org.apache.flink.table.factories.",  # FactoryUtil: 'connector', 'format', ...
    "org.apache.flink.table.connector.",  # LookupOptions: 'lookup.cache' ...
)
EXCLUDE_CLASSES = {
    "org.apache.flink.streaming.api.graph.StreamConfig",          # operator-internal keys
    "org.apache.flink.table.api.config.LookupJoinHintOptions",    # LOOKUP hint options
    "org.apache.flink.table.planner.hint.LookupJoinHintOptions",  # (1.20 location)
    "org.apache.flink.table.api.config.MLPredictRuntimeConfigOptions",      # ML_PREDICT config map
    "org.apache.flink.table.api.config.VectorSearchRuntimeConfigOptions",   # VECTOR_SEARCH config map
    "org.apache.flink.table.runtime.arrow.sources.ArrowTableSourceOptions",
    "org.apache.flink.table.utils.python.PythonDynamicTableOptions",
    "org.apache.flink.table.sinks.LegacyCsvDynamicTableSinkOptions",
    "org.apache.flink.table.catalog.GenericInMemoryCatalogFactoryOptions",  # catalog WITH
    "org.apache.flink.table.module.CommonModuleOptions",          # module 'type'
}
EXCLUDE_FIELDS = {
    "org.apache.flink.table.catalog.CommonCatalogOptions.CATALOG_TYPE",       # catalog 'type'
    "org.apache.flink.table.catalog.CommonCatalogOptions.DEFAULT_DATABASE",   # catalog option
    "org.apache.flink.table.api.config.MaterializedTableConfigOptions.PARTITION_FIELDS_DATE_FORMATTER",
}
# Options read with a prefix that the declaring class does not carry.
PREFIX_CLASSES = {
    "org.apache.flink.table.catalog.FileCatalogStoreFactoryOptions": "table.catalog-store.file.",
}
# Single options declared relative to a prefix without @Documentation.SuffixOption.
PREFIX_FIELDS = {
    "org.apache.flink.configuration.MetricOptions.REPORTER_CLASS": "metrics.reporter.<name>.",  # 1.20
}
CORE_METRICS_PACKAGES = ("org.apache.flink.metrics.groups.", "org.apache.flink.metrics.reporter.")
MUST_HAVE = ["execution.checkpointing.interval", "state.backend.type", "execution.checkpointing.dir",
             "table.exec.state.ttl", "taskmanager.memory.process.size", "restart-strategy.type",
             "metrics.reporter.<name>.factory.class", "execution.checkpointing.mode"]
MUST_NOT_HAVE = ["state.checkpointing.mode", "kafka.bootstrap.servers", "state.checkpointing.interval",
                 "metrics.reporter.prometheus.enabled", "logging.level", "flink.debug.mode"]
RANK = {"": 0, "alias-of": 1, "deprecated-alias-of": 2, "deprecated": 3}


def log(msg):
    print("extract-flink-keys: " + msg, file=sys.stderr, flush=True)


def download(pip, minor, dest):
    # (1.20.x is an sdist: pip prepares its metadata in an isolated build env.)
    cmd = [pip, "download", "--no-deps", "--disable-pip-version-check",
           "-q", "-d", dest, "apache-flink-libraries==%s.*" % minor]
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    files = [f for f in os.listdir(dest) if f.startswith("apache_flink_libraries") or
             f.startswith("apache-flink-libraries")]
    if len(files) != 1:
        raise RuntimeError("expected one downloaded file, got %r" % files)
    return os.path.join(dest, files[0])


def version_of(archive):
    name = os.path.basename(archive)
    for pre in ("apache_flink_libraries-", "apache-flink-libraries-"):
        if name.startswith(pre):
            return name[len(pre):].split("-")[0].replace(".tar.gz", "").replace(".zip", "")
    return "?"


def extract_jars(archive, dest):
    """Every *.jar in the wheel/sdist (and every jar nested in those) -> list of paths."""
    jars = []

    def put(name, data):
        path = os.path.join(dest, "%03d-%s" % (len(jars), os.path.basename(name)))
        with open(path, "wb") as f:
            f.write(data)
        jars.append((name, path))

    if archive.endswith((".whl", ".zip")):
        with zipfile.ZipFile(archive) as z:
            for n in z.namelist():
                if n.endswith(".jar"):
                    put(n, z.read(n))
    else:
        with tarfile.open(archive) as t:
            for m in t:
                if m.isfile() and m.name.endswith(".jar"):
                    put(m.name, t.extractfile(m).read())
    for name, path in list(jars):
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                if n.endswith(".jar"):
                    put(name + "!/" + n, z.read(n))
    return jars


def classify(rows):
    """rows of (kind, key, canonical, where) -> {key: (status, set(canonicals))}, excluded"""
    keys, excluded = {}, 0
    for kind, key, canon, where in rows:
        cls = where.rsplit(".", 1)[0]
        if (where in EXCLUDE_FIELDS or cls in EXCLUDE_CLASSES
                or cls.startswith(EXCLUDE_PACKAGES)):
            excluded += 1
            continue
        prefix = PREFIX_FIELDS.get(where) or PREFIX_CLASSES.get(cls, "")
        if (cls.startswith("org.apache.flink.metrics.") and not cls.startswith(CORE_METRICS_PACKAGES)
                and not key.startswith("metrics.")):
            prefix = "metrics.reporter.<name>."
        key, canon = prefix + key, prefix + canon
        status = {"option": "", "deprecated-option": "deprecated", "fallback": "alias-of",
                  "deprecated": "deprecated-alias-of"}[kind]
        old = keys.get(key)
        if old is None or RANK[status] < RANK[old[0]]:
            keys[key] = (status, {canon} if status.endswith("alias-of") else set())
        elif old[0] == status and status.endswith("alias-of"):
            old[1].add(canon)
    return keys, excluded


def write_list(path, minor, version, archive_name, keys, excluded, jar_count, note):
    counts = collections.Counter(s for s, _ in keys.values())
    lines = [
        "# Flink %s configuration keys, from Flink %s's own jars: every static ConfigOption field"
        % (minor, version),
        "# (found by reflection), with the options' fallback/deprecated keys.",
        "# source: PyPI %s (%d jars incl. nested: pyflink/lib, opt, plugins)" % (archive_name, jar_count),
    ]
    if note:
        lines.append("# NOTE: " + note)
    lines += [
        "# made by: scripts/extract-flink-keys %s   (scripts/flink_keys.py, scripts/ExtractFlinkKeys.java)" % minor,
        "# format: one key per line, sorted, each key once:",
        "#   KEY                                  current key",
        "#   KEY deprecated                       the option itself is @Deprecated (and is no alias)",
        "#   KEY alias-of CANONICAL               non-deprecated fallback key of CANONICAL",
        "#   KEY deprecated-alias-of CANONICAL    deprecated key, still accepted for CANONICAL",
        "#   (CANONICAL may be a comma-separated list when several options share the alias)",
        "# placeholders: <name>, <parameter>, <resource_name>, <key>, #, ... are kept as Flink",
        "#   declares/documents them: prefix options (@Documentation.SuffixOption) are written",
        "#   PREFIX.KEY, e.g. metrics.reporter.<name>.factory.class; options of the metrics",
        "#   reporter plugins are written metrics.reporter.<name>.KEY; <parameter> stands for any",
        "#   reporter-specific key (e.g. the Prometheus reporter's 'port', not a ConfigOption).",
        "# not listed (%d declarations): table/connector/format/catalog/hint options read from a"
        % excluded,
        "#   WITH clause rather than the configuration, and operator-internal StreamConfig keys.",
        "# Only jars shipped in the PyPI package are scanned (no flink-s3/azure/gs filesystems,",
        "#   no externalized connectors).",
        "# counts: %d keys: %d current, %d deprecated, %d alias-of, %d deprecated-alias-of" % (
            len(keys), counts[""], counts["deprecated"], counts["alias-of"],
            counts["deprecated-alias-of"]),
    ]
    for key in sorted(keys):
        status, canons = keys[key]
        line = key
        if status:
            line += " " + status
        if canons:
            line += " " + ",".join(sorted(canons))
        lines.append(line)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pip", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--raw", help="also keep the raw declarations (TSV) in this directory")
    ap.add_argument("minors", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="uis-flink-keys-")
    ok = True
    try:
        classes = os.path.join(work, "classes")
        os.makedirs(classes)
        subprocess.run(["javac", "-d", classes, os.path.join(HERE, "ExtractFlinkKeys.java")], check=True)
        for minor in a.minors:
            t0 = time.time()
            vdir = tempfile.mkdtemp(dir=work)
            try:
                archive = download(a.pip, minor, vdir)
                version = version_of(archive)
                note = ""
                if version != minor and not version.startswith(minor + "."):
                    note = "requested %s, PyPI had only %s" % (minor, version)
                jdir = os.path.join(vdir, "jars")
                os.makedirs(jdir)
                jars = extract_jars(archive, jdir)
                os.remove(archive)
                log("%s: %s, %d jars, running reflection" % (minor, os.path.basename(archive), len(jars)))
                p = subprocess.run(["java", "-Xmx2g", "-cp", classes, "ExtractFlinkKeys"] + [j for _, j in jars],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=1800)
                summary = [ln for ln in p.stderr.splitlines() if ln.startswith("classes listed")]
                if p.returncode != 0:
                    raise RuntimeError("ExtractFlinkKeys failed:\n" + p.stderr[-3000:])
                rows = [ln.split("\t") for ln in p.stdout.splitlines() if ln.count("\t") == 3]
                if a.raw:
                    os.makedirs(a.raw, exist_ok=True)
                    with open(os.path.join(a.raw, "flink-%s.tsv" % minor), "w") as f:
                        f.write(p.stdout)
                keys, excluded = classify(rows)
                out = os.path.join(a.out, "flink-%s.txt" % minor)
                write_list(out, minor, version, os.path.basename(archive), keys, excluded, len(jars), note)
                odd = sorted(k for k in keys if "." not in k)
                log("%s: keys without a dot (review; legit ones are e.g. restart-strategy): %s"
                    % (minor, " ".join(odd)))
                missing = [k for k in MUST_HAVE if k not in keys]
                wrong = [k for k in MUST_NOT_HAVE if k in keys]
                log("%s: wrote %s: %d keys (%s) in %.0f s" % (
                    minor, out, len(keys), "; ".join(summary), time.time() - t0))
                if missing or wrong:
                    ok = False
                    log("%s: CHECK FAILED: missing %s, unexpected %s" % (minor, missing, wrong))
            finally:
                shutil.rmtree(vdir, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
