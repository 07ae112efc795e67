#!/usr/bin/env python3
"""A strict server for the vendor template, built on PyJWT: an independent judge of
jwtpad's negative-test suite.

Reads the suite as JSON lines (`jwtpad suite --format jsonl`) on stdin; the HMAC secret
comes from the environment variable named by --secret-env (never an argument). Prints one
JSON line per case, {"id", "expect", "verdict", "reason"}, and exits 0 when every verdict is
what the case expects, 1 otherwise.

The rules: HS256 only; iss = the clientId; exp required, a number and in the future (60 s
leeway); personId a valid CPF string. PyJWT alone (2.15) is more lenient than a strict
server should be, so the script adds what it lets through: a size limit (it reads a 1 MiB
payload), duplicate member names (json.loads keeps the last), time claims that are strings
of digits (it calls int() on them) and dates past the year 9999; and it checks the compact
form itself rather than rely on the base64 decoder.
"""

import argparse
import base64
import json
import os
import re
import sys
import time

import jwt

MAX_TOKEN_BYTES = 64 * 1024
COMPACT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
LAST_SECOND_OF_9999 = 253402300799


class Refused(Exception):
    pass


def cpf_valid(text):
    digits = [int(c) for c in text if c.isdigit()]
    if any(not (c.isdigit() or c in ".- ") for c in text.strip()):
        return False
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    for n in (9, 10):
        total = sum(d * w for d, w in zip(digits[:n], range(n + 1, 1, -1)))
        check = (total * 10) % 11 % 10
        if digits[n] != check:
            return False
    return True


def no_duplicates(pairs):
    seen = {}
    for name, value in pairs:
        if name in seen:
            raise Refused("duplicate member " + name)
        seen[name] = value
    return seen


def segment_json(segment):
    padded = segment + "=" * (-len(segment) % 4)
    return json.loads(base64.urlsafe_b64decode(padded), object_pairs_hook=no_duplicates)


def judge(token, secret, client_id, person_claim, leeway, now):
    if len(token) > MAX_TOKEN_BYTES:
        raise Refused("size limit")
    if not COMPACT.match(token):
        raise Refused("not three base64url segments")
    header_segment, payload_segment, _ = token.split(".")
    segment_json(header_segment)
    claims = segment_json(payload_segment)
    for name in ("exp", "nbf", "iat"):
        if name in claims:
            value = claims[name]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise Refused(name + " is not a NumericDate")
            if not -LAST_SECOND_OF_9999 <= value <= LAST_SECOND_OF_9999:
                raise Refused(name + " is out of range")
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            issuer=client_id,
            leeway=leeway,
            options={"require": ["exp", "iss"], "verify_aud": False},
        )
    except jwt.PyJWTError as e:
        raise Refused(type(e).__name__ + ": " + str(e))
    person = payload.get(person_claim)
    if not isinstance(person, str):
        raise Refused(person_claim + " is not a string")
    if not cpf_valid(person):
        raise Refused(person_claim + " is not a valid CPF")
    return payload


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--secret-env", required=True)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--person-claim", default="personId")
    parser.add_argument("--leeway", type=int, default=60)
    args = parser.parse_args()
    secret = os.environ[args.secret_env].encode()
    now = time.time()
    mismatches = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        try:
            judge(case["token"], secret, args.client_id, args.person_claim, args.leeway, now)
            verdict, reason = "accept", None
        except Refused as e:
            verdict, reason = "reject", str(e)
        except Exception as e:  # a crash on hostile input is a refusal, but say so
            verdict, reason = "reject", "error " + type(e).__name__
        if verdict != case["expect"]:
            mismatches += 1
        print(json.dumps({"id": case["id"], "expect": case["expect"], "verdict": verdict,
                          "reason": reason}))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
