"""What make_falco_goldens.py (Falco's side) and falco_diff_test.py (Saker's side) share: the
inputs of every comparison, built the same way for both programs, and the reduction of each
program's output to what is compared.

Three kinds of runs:
  case      a case of tests/rules/cases/*.yaml: its rule files validated as one ruleset
            (Falco's -V A -V B, `saker rules validate --json A B`), and, when the case has a
            replay, the alerts over its capture.
  upstream  one file of tests/rules/upstream/ that Falco's engine 0.43 accepts, validated.
  capture   a ruleset (RULESETS) replayed with rule_matching all over one capture (CAPTURES).
"""
import datetime
import hashlib
import json
import os
import re

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CASES_DIR = os.path.join(HERE, "cases")
UPSTREAM_DIR = os.path.join(HERE, "upstream")
GOLDENS_DIR = os.path.join(HERE, "falco_goldens")
ALLOWLIST = os.path.join(HERE, "falco_allowlist.json")
SAMPLES_DIR = os.path.join(ROOT, "samples")
SHARED_DIR = os.environ.get("SAKER_SHARED_DIR") or os.path.join(ROOT, "..", "shared")
FALCO_PEER = os.environ.get("FALCO_PEER", "/work/falco-peer")


# --- Cases -----------------------------------------------------------------------------------

def load_cases():
    """Every case of tests/rules/cases/*.yaml, as (id, case); the id is FILE:NAME."""
    out = []
    for name in sorted(os.listdir(CASES_DIR)):
        if not name.endswith(".yaml"):
            continue
        with open(os.path.join(CASES_DIR, name), encoding="utf-8") as f:
            for c in yaml.safe_load(f):
                out.append((f"{name[:-5]}:{c['case']}", c))
    return out


def write_case_files(case, workdir):
    """Writes the case's rule files into workdir; returns their paths, in order."""
    paths = []
    for entry in case["files"]:
        for name, content in entry.items():
            p = os.path.join(workdir, name)
            with open(p, "w", encoding="utf-8") as f:
                f.write(content)
            paths.append(p)
    return paths


def default_rules_path():
    return os.path.join(ROOT, "rules", "default", "saker_rules.yaml")


# --- Validation results -------------------------------------------------------------------------

def item_of(message):
    """'CODE ITEM_TYPE 'NAME' @FILE' for one error or warning of a -V JSON result: the item is
    the first location after the rules content (Falco may add inner locations below it)."""
    locs = message.get("context", {}).get("locations", [])
    loc = locs[1] if len(locs) > 1 else (locs[0] if locs else {})
    item = loc.get("item_type", "")
    if loc.get("item_name"):
        item += f" '{loc['item_name']}'"
    where = os.path.basename(loc.get("position", {}).get("name", ""))
    return f"{message['code']} {item} @{where}"


def reduce_validation(load_results):
    """The compared part of a -V JSON document: per file (by base name), whether it loaded,
    and the sorted distinct errors and warnings (item_of)."""
    out = []
    for r in load_results.get("falco_load_results", []):
        out.append({
            "file": os.path.basename(r["name"]),
            "successful": bool(r.get("successful")),
            "errors": sorted({item_of(m) for m in r.get("errors", [])}),
            "warnings": sorted({item_of(m) for m in r.get("warnings", [])}),
            "messages": sorted({f"{m['code']}: {m.get('message', '')}" for m in r.get("errors", [])}),
        })
    return out


# --- Alerts --------------------------------------------------------------------------------------

def time_ns(iso):
    """Falco's alert "time" (2024-11-25T08:00:00.000068990Z) in ns since the epoch."""
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z", iso or "")
    if not m:
        return None
    dt = datetime.datetime(*map(int, m.groups()[:6]), tzinfo=datetime.timezone.utc)
    frac = (m.group(7) or "0").ljust(9, "0")[:9]
    return int(dt.timestamp()) * 1_000_000_000 + int(frac)


def parse_alerts(stdout):
    """The JSON alert lines of a Falco or Saker run, reduced to what is compared."""
    alerts = []
    for line in stdout.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            a = json.loads(line)
        except json.JSONDecodeError:
            continue
        if "rule" not in a:
            continue
        fields = a.get("output_fields", {}) or {}
        alerts.append({
            "rule": a["rule"],
            "priority": a.get("priority"),
            "time": time_ns(a.get("time")),
            "tid": fields.get("thread.tid"),
            "output": a.get("output", ""),
            "output_fields": fields,
        })
    return alerts


def norm_value(v):
    """Field values as text: Falco writes <NA> as null, numbers as numbers."""
    if v is None:
        return "<NA>"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


# --- Capture replays -----------------------------------------------------------------------------

# Added to every rule's output for capture replays, so both programs report each alert's time,
# thread and event number among its output fields.
PROBE = " [diff rawtime=%evt.rawtime tid=%thread.tid num=%evt.num]"

# name: (the rule file, whether it also runs over samples/rules/*.scap)
RULESETS = {
    # falcosecurity/rules falco-rules-3.2.0 rules/falco_rules.yaml (the peer's own copy; the
    # generator copies it to falco_goldens/rulesets/ so the test has it without the peer)
    "falco-rules-3.2.0": (lambda: os.path.join(GOLDENS_DIR, "rulesets", "falco-rules-3.2.0-falco_rules.yaml"), False),
    # the falcosecurity/rules file of ../shared/rules (UPSTREAM_COMMIT); it asks for engine 0.57
    # and the container plugin: both items are dropped for Falco 0.39.2 (engine 0.43, container
    # fields built in), which otherwise loads it
    "shared-falco_rules": (lambda: os.path.join(SHARED_DIR, "rules", "falco_rules.yaml"), False),
    # Saker's default ruleset, also over the sample captures made for its rules
    "saker-default": (lambda: os.path.join(ROOT, "rules", "default", "saker_rules.yaml"), True),
}


def captures(with_rule_samples=False):
    """(name, path) of every capture a ruleset is replayed over: samples/shell-session.scap,
    every ../shared/captures/*.scap, and with_rule_samples samples/rules/*.scap. Names of
    samples/rules captures are rules/NAME."""
    out = [("shell-session.scap", os.path.join(SAMPLES_DIR, "shell-session.scap"))]
    d = os.path.join(SHARED_DIR, "captures")
    if os.path.isdir(d):
        for n in sorted(os.listdir(d)):
            if n.endswith(".scap"):
                out.append((n, os.path.join(d, n)))
    if with_rule_samples:
        d = os.path.join(SAMPLES_DIR, "rules")
        for n in sorted(os.listdir(d)):
            if n.endswith(".scap"):
                out.append(("rules/" + n, os.path.join(d, n)))
    return out


def prepare_ruleset(source, dest):
    """Writes the replayed form of a rule file: the probe added to every output, %container.info
    dropped (Falco 0.39.2 and Saker both drop or warn about it differently), and
    required_engine_version and required_plugin_versions items removed. Returns the sha256 of the source file."""
    with open(source, "rb") as f:
        raw = f.read()
    items = yaml.safe_load(raw.decode("utf-8"))
    out = []
    for item in items:
        if not isinstance(item, dict) or "required_engine_version" in item or "required_plugin_versions" in item:
            continue
        if "rule" in item and isinstance(item.get("output"), str):
            item["output"] = item["output"].replace("%container.info", "").rstrip() + PROBE
        out.append(item)
    with open(dest, "w", encoding="utf-8") as f:
        yaml.safe_dump(out, f, sort_keys=False, width=1 << 20, allow_unicode=True)
    return hashlib.sha256(raw).hexdigest()


def strip_engine_version(source, dest):
    """A copy of a rule file without its required_engine_version items (text lines)."""
    with open(source, encoding="utf-8") as f:
        lines = [l for l in f if not l.lstrip().startswith("- required_engine_version")]
    with open(dest, "w", encoding="utf-8") as f:
        f.writelines(lines)


def falco_rule_selection(replay):
    """A case replay's -D, -t and -T as Falco 0.39's `rules:` configuration (0.39 has no -D, -t,
    -T options): -D TEXT disables *TEXT*; -t TAG disables every rule, then enables the tags."""
    sel = []
    for d in replay.get("disable", []):
        sel.append({"disable": {"rule": f"*{d}*"}})
    if replay.get("tags"):
        sel.append({"disable": {"rule": "*"}})
        for t in replay["tags"]:
            sel.append({"enable": {"tag": t}})
    for t in replay.get("no_tags", []):
        sel.append({"disable": {"tag": t}})
    return sel
