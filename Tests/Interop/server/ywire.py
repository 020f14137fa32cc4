"""The y-websocket framing for the Python test peers: lib0 var uints and sync messages.

A message is a var-uint type (0 sync, 1 awareness, 2 auth, 3 query awareness); a sync message
then has a var-uint step (0 step 1, 1 step 2, 2 update) and a var-uint length-prefixed payload.
"""

SYNC, AWARENESS, AUTH = 0, 1, 2
STEP1, STEP2, UPDATE = 0, 1, 2


def var_uint(n: int) -> bytes:
    """lib0 writeVarUint."""
    out = bytearray()
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def read_var_uint(data: bytes, pos: int) -> tuple[int, int]:
    """lib0 readVarUint: (value, next position)."""
    result, shift = 0, 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def read_bytes(data: bytes, pos: int) -> tuple[bytes, int]:
    """lib0 readVarUint8Array: (bytes, next position)."""
    length, pos = read_var_uint(data, pos)
    return data[pos:pos + length], pos + length


def sync_message(step: int, payload: bytes) -> bytes:
    """A sync message of the given step."""
    return var_uint(SYNC) + var_uint(step) + var_uint(len(payload)) + payload


def parse(message: bytes) -> tuple[int, int | None, bytes]:
    """(type, sync step or None, payload); for auth the payload is the reason's bytes."""
    kind, pos = read_var_uint(message, 0)
    if kind == SYNC:
        step, pos = read_var_uint(message, pos)
        payload, _ = read_bytes(message, pos)
        return kind, step, payload
    if kind == AUTH:
        _, pos = read_var_uint(message, pos)
        reason, _ = read_bytes(message, pos)
        return kind, None, reason
    if kind == AWARENESS:
        payload, _ = read_bytes(message, pos)
        return kind, None, payload
    return kind, None, b""
