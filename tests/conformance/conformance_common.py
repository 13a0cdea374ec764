"""Shared pieces of the conformance suite: where captures are, how fields are printed and read."""
import gzip
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("SAKER_SHARED_DIR", os.path.join(os.path.dirname(PROJECT), "shared"))

# An event's fields are printed between these bytes, separated by FIELD_SEP, so that values
# with spaces, newlines or other text of the reader's own cannot shift a field.
EVENT_START, FIELD_SEP, EVENT_END = "\x1d", "\x1f", "\x1e"


def read_list(name):
    """Lines of a suite file, without comments and blank lines."""
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.lstrip().startswith("#")]


def oracle_fields():
    return read_list("oracle_fields.txt")


def capture_path(entry):
    """captures.txt names a capture as shared:FILE, samples:FILE or suite:FILE."""
    where, _, name = entry.partition(":")
    base = {"shared": os.path.join(SHARED, "captures"),
            "samples": os.path.join(PROJECT, "samples"),
            "suite": os.path.join(HERE, "captures")}[where]
    return os.path.join(base, name)


def golden_path(entry):
    return os.path.join(HERE, "goldens", entry.partition(":")[2].replace(".scap", "") + ".jsonl.gz")


def output_format(fields):
    return "*" + EVENT_START + FIELD_SEP.join("%" + f for f in fields) + EVENT_END


def run_reader(argv):
    """Runs a reader (libs' sinsp-example or saker print) and returns its records, each a list
    of values (None for <NA>). Bytes are decoded as Latin-1 so every byte survives."""
    env = dict(os.environ, TZ="UTC")
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    text = proc.stdout.decode("latin-1")
    records = []
    pos = 0
    while True:
        start = text.find(EVENT_START, pos)
        if start < 0:
            break
        end = text.find(EVENT_END, start)
        if end < 0:
            break
        values = text[start + 1:end].split(FIELD_SEP)
        records.append([None if v == "<NA>" else v for v in values])
        pos = end + 1
    return proc.returncode, records, proc.stderr.decode("latin-1")


def read_golden(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        header = json.loads(f.readline())
        rows = [json.loads(line) for line in f]
    return header, rows


def write_golden(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        raw.write((json.dumps(header) + "\n").encode())
        for r in rows:
            raw.write((json.dumps(r, ensure_ascii=False) + "\n").encode())
