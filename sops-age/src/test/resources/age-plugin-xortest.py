#!/usr/bin/env python3
"""A test age plugin (C2SP age-plugin, recipient-v1 and identity-v1), standard library only.

Usage: age-plugin-xortest.py VARIANT --age-plugin=recipient-v1|identity-v1
       age-plugin-xortest.py keygen NAME   (prints an identity and its recipient)

Recipient "age1xortest1..." and identity "AGE-PLUGIN-XORTEST-1..." both hold the same 16-byte key
(it is a test: no secrecy is claimed). A file key is wrapped as the stanza
"-> xortest <tag>" with body = file key XOR key, tag = first 8 hex digits of SHA-256(key).
VARIANT changes the behaviour: "ok" (plain), "error" (answers error), "msg" (sends msg first),
"pin" (sends request-secret before unwrapping, wants 123456; on fail answers error), "confirm" (asks confirm),
"echo" (sends phase 1 back: a framing check).
The stanza state machine mirrors the shapes real plugins (age-plugin-yubikey, age-plugin-tpm,
age-plugin-se) use: msg before touch/PIN, request-secret for a PIN, error for a failure.
"""
import base64
import hashlib
import sys

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
# Longer than 48 bytes, so its body spans two base64 lines.
MSG = b"touch your test token (it blinks until touched, as a hardware key does)"


def polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bech32_decode(s):
    s = s.lower()
    pos = s.rfind("1")
    hrp, data = s[:pos], [CHARSET.index(c) for c in s[pos + 1:]]
    if polymod([ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + data) != 1:
        raise ValueError("invalid checksum")
    acc, bits, out = 0, 0, bytearray()
    for v in data[:-6]:
        acc, bits = (acc << 5) | v, bits + 5
        if bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    return hrp, bytes(out)


def bech32_encode(hrp, data):
    acc, bits, values = 0, 0, []
    for b in data:
        acc, bits = (acc << 8) | b, bits + 8
        while bits >= 5:
            bits -= 5
            values.append((acc >> bits) & 31)
    if bits:
        values.append((acc << (5 - bits)) & 31)
    low = hrp.lower()
    mod = polymod([ord(c) >> 5 for c in low] + [0] + [ord(c) & 31 for c in low] + values + [0] * 6) ^ 1
    s = low + "1" + "".join(CHARSET[v] for v in values) + "".join(CHARSET[(mod >> 5 * (5 - i)) & 31] for i in range(6))
    return s.upper() if hrp.isupper() else s


def keygen(name):
    """Prints a new identity and its recipient for plugin NAME (as real plugins' --generate)."""
    import os
    key = os.urandom(16)
    print(bech32_encode("AGE-PLUGIN-" + name.upper() + "-", key))
    print(bech32_encode("age1" + name, key))


def b64(b):
    return base64.b64encode(b).decode().rstrip("=")


def unb64(s):
    return base64.b64decode(s + "=" * (-len(s) % 4))


def write(kind, args=(), body=b""):
    enc = b64(body)
    lines = [enc[i:i + 64] for i in range(0, len(enc), 64)]
    if not lines or len(lines[-1]) == 64:
        lines.append("")
    sys.stdout.write("-> " + " ".join([kind] + list(args)) + "\n" + "\n".join(lines) + "\n")
    sys.stdout.flush()


def read():
    header = sys.stdin.readline()
    if not header:
        sys.exit(3)
    assert header.startswith("-> "), header
    words = header[3:].rstrip("\n").split(" ")
    body = ""
    while True:
        line = sys.stdin.readline().rstrip("\n")
        body += line
        if len(line) < 64:
            break
    return words[0], words[1:], unb64(body)


def read_phase1():
    """Reads client stanzas up to done; unknown ones (grease, extension-labels) are ignored."""
    got = []
    while True:
        kind, args, body = read()
        if kind == "done":
            return got
        got.append((kind, args, body))


def reply():
    kind, args, body = read()
    return kind, args, body


def tag(key):
    return hashlib.sha256(key).hexdigest()[:8]


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def recipient_v1(variant):
    stanzas = read_phase1()
    keys = [bech32_decode(a[0])[1] for k, a, _ in stanzas if k in ("add-recipient", "add-identity")]
    file_keys = [b for k, _, b in stanzas if k == "wrap-file-key"]
    if variant == "msg":
        write("msg", body=MSG)
        assert reply()[0] == "ok"
    if variant == "error":
        write("error", ["recipient", "0"], b"the test token is not plugged in")
        reply()
        write("done")
        return
    for key in keys:
        write("recipient-stanza", ["0", "xortest", tag(key)], xor(file_keys[0], key))
        assert reply()[0] == "ok"
    write("done")


def identity_v1(variant):
    stanzas = read_phase1()
    keys = [bech32_decode(a[0])[1] for k, a, _ in stanzas if k == "add-identity"]
    if variant == "msg":
        write("msg", body=MSG)
        assert reply()[0] == "ok"
    if variant == "error":
        write("error", ["internal"], b"the test token is not plugged in")
        reply()
        write("done")
        return
    if variant == "pin":
        write("request-secret", body=b"Enter the PIN of the test token:")
        kind, _, pin = reply()
        if kind != "ok":
            write("error", ["internal"], b"a PIN is needed")
            reply()
            write("done")
            return
        if pin != b"123456":
            write("error", ["internal"], b"wrong PIN")
            reply()
            write("done")
            return
    if variant == "confirm":
        write("confirm", [b64(b"yes"), b64(b"no")], b"Really decrypt?")
        kind, args, _ = reply()
        if kind != "ok" or args != ["yes"]:
            write("error", ["internal"], b"not confirmed")
            reply()
            write("done")
            return
    for kind, args, body in stanzas:
        if kind != "recipient-stanza" or args[1] != "xortest":
            continue
        for key in keys:
            if args[2:] == [tag(key)] and len(body) == 16:
                write("file-key", ["0"], xor(body, key))
                assert reply()[0] == "ok"
                write("done")
                return
    write("done")


def echo():
    """Sends every stanza of phase 1 back unchanged, then done (checks the client's framing)."""
    for kind, args, body in read_phase1():
        write(kind, args, body)
    write("done")


def main():
    variant, flag = sys.argv[1], sys.argv[2]
    if variant == "keygen":
        keygen(flag)
    elif variant == "echo":
        echo()
    elif flag == "--age-plugin=recipient-v1":
        recipient_v1(variant)
    elif flag == "--age-plugin=identity-v1":
        identity_v1(variant)
    else:
        sys.exit("unknown state machine " + flag)


main()
