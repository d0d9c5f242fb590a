#!/usr/bin/env python3
"""Well-formed API keys for the benchmark, made exactly like ApiKeyFormat.java makes them.

A key is <prefix>_<32 base62 chars><6 base62 chars of the IEEE CRC32 of everything before them>; the database keeps
SHA-256(key) as lower-case hex in KEY_HASH and the first 12 characters in KEY_START.

  keys.py gen COUNT KEYS_FILE [--copy ROWS_FILE --realm-id R --client-uuid C --name NAME]
      writes COUNT new keys, one a line; with --copy also a PostgreSQL COPY (text format) file of API_KEY rows
  keys.py check KEY
      exit 0 if KEY has a valid checksum, and prints its SHA-256 hex (to compare with a key made by the server)
"""
import hashlib
import random
import sys
import time
import uuid
import zlib

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
PREFIX = "kcak"
RANDOM_CHARS = 32
CHECKSUM_CHARS = 6


def base62(value, width):
    digits = []
    for _ in range(width):
        value, rest = divmod(value, 62)
        digits.append(ALPHABET[rest])
    if value:
        raise ValueError("does not fit")
    return "".join(reversed(digits))


def checksum(body):
    return base62(zlib.crc32(body.encode("ascii")) & 0xFFFFFFFF, CHECKSUM_CHARS)


def make_key(rng, prefix=PREFIX):
    body = prefix + "_" + "".join(rng.choices(ALPHABET, k=RANDOM_CHARS))
    return body + checksum(body)


def is_well_formed(key, prefix=PREFIX):
    body_len = len(prefix) + 1 + RANDOM_CHARS
    if len(key) != body_len + CHECKSUM_CHARS or not key.startswith(prefix + "_"):
        return False
    if any(c not in ALPHABET for c in key[len(prefix) + 1:]):
        return False
    return checksum(key[:body_len]) == key[body_len:]


def gen(argv):
    count, keys_file = int(argv[0]), argv[1]
    opts = dict(zip(argv[2::2], argv[3::2]))
    # Benchmark keys need no cryptographic randomness, only uniqueness; SystemRandom would be 10x slower.
    rng = random.Random()
    rng.seed(uuid.uuid4().int)
    now = int(time.time() * 1000)
    rows = open(opts["--copy"], "w") if "--copy" in opts else None
    name = opts.get("--name", "bench")
    with open(keys_file, "w") as out:
        for i in range(count):
            key = make_key(rng)
            out.write(key + "\n")
            if rows:
                # id, version, realm_id, client_id, name, key_hash, key_start, enabled, created_timestamp
                rows.write("\t".join([str(uuid.UUID(int=rng.getrandbits(128), version=4)), "0", opts["--realm-id"],
                                      opts["--client-uuid"], f"{name}-{i}", hashlib.sha256(key.encode("ascii")).hexdigest(),
                                      key[:12], "t", str(now)]) + "\n")
    if rows:
        rows.close()


def check(argv):
    key = argv[0]
    if not is_well_formed(key):
        print("not a well-formed key", file=sys.stderr)
        sys.exit(1)
    print(hashlib.sha256(key.encode("ascii")).hexdigest())


if __name__ == "__main__":
    {"gen": gen, "check": check}[sys.argv[1]](sys.argv[2:])
