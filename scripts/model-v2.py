#!/usr/bin/env python3
"""Rewrite an argmine model file of format version 1 as version 2 (issue 23).

Version 1's sha256 covered the weights only; version 2 ends with the sha256 of every byte before
it, header included. The weights are checked against the version 1 header first; the header is
kept as it is, so convert only a file you trust (one you trained). Output is byte-identical to
what `argmine train` writes for the same model.

usage: scripts/model-v2.py MODEL.bin [OUT.bin]   (in place without OUT)
"""
import hashlib
import json
import struct
import sys


def main():
    src = sys.argv[1]
    dst = sys.argv[2] if len(sys.argv) > 2 else src
    b = open(src, "rb").read()
    if b[:8] != b"ARGMINE\0":
        sys.exit(f"{src}: not an argmine model")
    (version,) = struct.unpack("<I", b[8:12])
    if version == 2:
        print(f"{src}: already version 2")
        return
    if version != 1:
        sys.exit(f"{src}: format version {version}, expected 1")
    (hlen,) = struct.unpack("<I", b[12:16])
    header = json.loads(b[16:16 + hlen])
    payload = b[16 + hlen:]
    if hashlib.sha256(payload).hexdigest() != header["weights_sha256"]:
        sys.exit(f"{src}: weights do not match the header's sha256: not converted")
    body = b[:8] + struct.pack("<I", 2) + b[12:]
    open(dst, "wb").write(body + hashlib.sha256(body).digest())
    print(f"{src}: version 2 -> {dst}")


if __name__ == "__main__":
    main()
