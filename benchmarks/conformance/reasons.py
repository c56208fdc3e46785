#!/usr/bin/python3
"""The most frequent failure messages of each tlsfuzzer script log, per server, as a markdown table.

    reasons.py WORK_DIR LIST > LIST-reasons.md

WORK_DIR holds tlsfuzzer.sh's logs, named LIST-SERVER-SCRIPT.txt.
"""
import collections
import glob
import os
import re
import sys

FAILURE = re.compile(r'(AssertionError|TimeoutError|ConnectionResetError|ValueError|TypeError): .*')


def main(work, name):
    rows = collections.defaultdict(dict)
    for log in sorted(glob.glob(os.path.join(work, name + '-*-*.txt'))):
        server, script = os.path.basename(log)[len(name) + 1:-4].split('-', 1)
        counts = collections.Counter()
        with open(log, errors='replace') as lines:
            for line in lines:
                if FAILURE.fullmatch(line.strip()):
                    counts[line.strip().replace('|', '/')[:120]] += 1
        rows[script][server] = '; '.join('%d× %s' % (n, text) for text, n in counts.most_common(2))
    print('| script | server | most frequent failures |')
    print('|---|---|---|')
    for script in sorted(rows):
        for server, reasons in sorted(rows[script].items()):
            if reasons:
                print('| %s | %s | %s |' % (script, server, reasons))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
