#!/usr/bin/env python3
"""Well-formed API keys for the benchmark, made exactly like ApiKeyFormat.java makes them.

A key is <prefix>_<32 base62 chars><6 base62 chars of the IEEE CRC32 of everything before them>; the database keeps
SHA-256(key) as lower-case hex in KEY_HASH and the first 12 characters in KEY_START.

  keys.py gen COUNT KEYS_FILE [--copy ROWS_FILE --realm-id R --client-uuid C --name NAME [--restrictions JSON]]
      writes COUNT new keys, one a line; with --copy also a PostgreSQL COPY (text format) file of API_KEY rows
      (columns as `keys.py columns` lists them); --restrictions: the restriction fields of an admin REST create
      body (scopes, roles, audiences, allowedIps, rateLimit, quota), stored in the rows as the server stores them
  keys.py seed COUNT --realm-id R --client-uuid C --name NAME [--sample FILE --sample-size N] [--created-now]
      writes COUNT API_KEY rows as PostgreSQL COPY text to stdout (for `psql -c "\\copy ... from stdin"`, nothing
      on disk), and every (COUNT / N)-th key to FILE (keys to use, e.g. as cache misses); 10M rows in 2-3 minutes
  keys.py check KEY
      exit 0 if KEY has a valid checksum, and prints its SHA-256 hex (to compare with a key made by the server)
  keys.py columns
      prints the column list of the rows of `gen --copy`, for `\\copy api_key (COLUMNS) from ...`
"""
import hashlib
import json
import random
import sys
import time
import uuid
import zlib

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
PREFIX = "kcak"
RANDOM_CHARS = 32
CHECKSUM_CHARS = 6
# The order of the columns in the rows of `gen --copy`, for the COPY statement that reads them.
ROW_COLUMNS = ("id", "version", "realm_id", "client_id", "name", "key_hash", "key_start", "enabled", "created_timestamp",
               "lineage_id", "scopes", "roles", "audiences", "allowed_ips", "rate_limit_requests", "rate_limit_window",
               "quota_requests", "quota_period")
NULL = "\\N"


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


def copy_text(value):
    """A value as COPY's text format wants it: NULL as \\N, backslash, tab and line breaks escaped."""
    if value is None:
        return NULL
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def json_list(values):
    """A list-valued setting as ApiKeyEntityMapper stores it: Jackson's compact JSON, NULL when empty."""
    return json.dumps(values, separators=(",", ":"), ensure_ascii=False) if values else None


def restriction_columns(restrictions):
    """The restriction columns of ROW_COLUMNS, after lineage_id, for a create body's restriction fields.

    allowedIps are stored as given: the server stores the canonical form (network address and prefix length, the bare
    address for a host), so give them in that form; bench/run compares a seeded row with one the server wrote.
    """
    unknown = set(restrictions) - {"scopes", "roles", "audiences", "allowedIps", "rateLimit", "quota"}
    if unknown:
        raise ValueError(f"restrictions the seed rows cannot hold: {sorted(unknown)}")
    rate = restrictions.get("rateLimit") or {}
    quota = restrictions.get("quota") or {}
    return [json_list(restrictions.get("scopes")), json_list(restrictions.get("roles")),
            json_list(restrictions.get("audiences")), json_list(restrictions.get("allowedIps")),
            rate.get("requests"), rate.get("windowSeconds"), quota.get("requests"), quota.get("period")]


def gen(argv):
    count, keys_file = int(argv[0]), argv[1]
    opts = dict(zip(argv[2::2], argv[3::2]))
    # Benchmark keys need no cryptographic randomness, only uniqueness; SystemRandom would be 10x slower.
    rng = random.Random()
    rng.seed(uuid.uuid4().int)
    now = int(time.time() * 1000)
    rows = open(opts["--copy"], "w") if "--copy" in opts else None
    name = opts.get("--name", "bench")
    restricted = "--restrictions" in opts
    # The server makes a new key the first of its lineage (LINEAGE_ID = ID), and the restricted rows are compared
    # with one it made. Other rows leave LINEAGE_ID NULL, which it reads the same way: scenario 7's bulk COPY of
    # 100,000 rows then does not also fill the lineage index.
    restrictions = restriction_columns(json.loads(opts["--restrictions"])) if restricted else [None] * 8
    with open(keys_file, "w") as out:
        for i in range(count):
            key = make_key(rng)
            out.write(key + "\n")
            if rows:
                row_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                values = [row_id, 0, opts["--realm-id"], opts["--client-uuid"], f"{name}-{i}",
                          hashlib.sha256(key.encode("ascii")).hexdigest(), key[:12], "t", now,
                          row_id if restricted else None] + restrictions
                rows.write("\t".join(copy_text(v) for v in values) + "\n")
    if rows:
        rows.close()


def seed(argv):
    count = int(argv[0])
    recent = "--created-now" in argv
    pairs = [a for a in argv[1:] if a != "--created-now"]
    opts = dict(zip(pairs[0::2], pairs[1::2]))
    rng = random.Random()
    rng.seed(uuid.uuid4().int)
    # Created over the year before yesterday (a table that grew over time), or just now with --created-now: the
    # rows that a node's next refresh of the known hashes must find.
    now = int(time.time() * 1000)
    day, year = 86_400_000, 365 * 86_400_000
    every = max(1, count // int(opts.get("--sample-size", "100000")))
    prefix = "\t".join(["0", opts["--realm-id"], opts["--client-uuid"]]) + "\t"
    name = opts.get("--name", "bench")
    sample = open(opts["--sample"], "w") if "--sample" in opts else None
    out = sys.stdout
    batch = []
    sha256, getrandbits, choices = hashlib.sha256, rng.getrandbits, rng.choices
    for i in range(count):
        body = PREFIX + "_" + "".join(choices(ALPHABET, k=RANDOM_CHARS))
        key = body + checksum(body)
        if sample and i % every == 0:
            sample.write(key + "\n")
        u = "%032x" % getrandbits(128)
        row_id = f"{u[:8]}-{u[8:12]}-4{u[13:16]}-a{u[17:20]}-{u[20:]}"
        created = now if recent else now - day - (count - i) * year // count
        batch.append(f"{row_id}\t{prefix}{name}-{i}\t{sha256(key.encode('ascii')).hexdigest()}\t{key[:12]}\tt\t{created}\n")
        if len(batch) == 10000:
            out.write("".join(batch))
            batch.clear()
    out.write("".join(batch))
    if sample:
        sample.close()


def check(argv):
    key = argv[0]
    if not is_well_formed(key):
        print("not a well-formed key", file=sys.stderr)
        sys.exit(1)
    print(hashlib.sha256(key.encode("ascii")).hexdigest())


def columns(argv):
    print(", ".join(ROW_COLUMNS))


if __name__ == "__main__":
    {"gen": gen, "seed": seed, "check": check, "columns": columns}[sys.argv[1]](sys.argv[2:])
