#!/usr/bin/env python3
"""Checks that `saker fields` lists every field of current libs' syscall source and of the
container plugin (CI runs the check; the list is committed in reference_fields.txt).

  reference_fields.py --saker BUILD/cli/saker                 check (the ctest)
  reference_fields.py --write --libs LIBS_GIT --plugins PLUGINS_GIT
                                                              regenerate reference_fields.txt

--write reads the field tables of libs' userspace/libsinsp/sinsp_filtercheck_*.cpp and of the
container plugin's plugins/container/src/caps/extract/extract.cpp at each mirror's HEAD.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LIST = os.path.join(HERE, "reference_fields.txt")


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], check=True, capture_output=True, text=True).stdout


def names_in(text, pattern):
    return {m.group(1) for m in re.finditer(pattern, text)}


def write(libs, plugins):
    libs_head = git(libs, "rev-parse", "HEAD").strip()
    plugins_head = git(plugins, "rev-parse", "HEAD").strip()
    libs_names = set()
    for path in git(libs, "ls-tree", "--name-only", "HEAD", "userspace/libsinsp/").split():
        if re.search(r"sinsp_filtercheck_\w+\.cpp$", path):
            libs_names |= names_in(git(libs, "show", f"HEAD:{path}"), r'\{\s*PT_\w+,\s*[^"]*?"([a-z0-9_.]+)"')
    plugin_names = names_in(git(plugins, "show", "HEAD:plugins/container/src/caps/extract/extract.cpp"),
                            r'ft::FTYPE_\w+,\s*"([a-z0-9_.]+)"')
    with open(LIST, "w") as f:
        f.write(f"# libs {libs_head}: syscall source fields\n")
        f.writelines(n + "\n" for n in sorted(libs_names))
        f.write(f"# falcosecurity/plugins {plugins_head}: the container plugin's fields\n")
        f.writelines(n + "\n" for n in sorted(plugin_names - libs_names))
    print(f"{LIST}: {len(libs_names)} libs fields, {len(plugin_names)} container plugin fields")


def check(saker):
    listing = subprocess.run([saker, "fields", "--json"], capture_output=True, text=True)
    if listing.returncode != 0:
        sys.exit(f"saker fields --json exited {listing.returncode}: {listing.stderr.strip()}")
    have = {f["name"] for f in json.loads(listing.stdout)}
    with open(LIST) as f:
        want = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    missing = [n for n in want if n not in have]
    if missing:
        sys.exit(f"saker fields lacks {len(missing)} reference fields: {', '.join(missing)}")
    print(f"saker fields lists all {len(want)} reference fields ({len(have)} in all)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--saker")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--libs", help="git dir of a falcosecurity/libs mirror")
    ap.add_argument("--plugins", help="git dir of a falcosecurity/plugins mirror")
    args = ap.parse_args()
    if args.write:
        if not (args.libs and args.plugins):
            sys.exit("--write needs --libs and --plugins")
        write(args.libs, args.plugins)
    elif args.saker:
        check(args.saker)
    else:
        sys.exit("give --saker BUILD/cli/saker (check) or --write --libs ... --plugins ...")


if __name__ == "__main__":
    main()
