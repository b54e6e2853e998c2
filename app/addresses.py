"""The address Haki serves on: its socket, bound before anything else, and
where it can be opened, said once at start-up.

Served on every address (`--host 0.0.0.0`, an outreach laptop), the
address to give the workers' phones is the laptop's own on its network,
not 0.0.0.0, which no browser opens. Used by the app and by the server.
"""

from __future__ import annotations

import socket

#: hosts that mean every address of this machine
EVERY_ADDRESS = frozenset({"0.0.0.0", "::", ""})


class AddressError(ValueError):
    """The address cannot be served on, with a reason fit for one line."""


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host and port, bound before anything is said or
    made: a port in use ends the start with one line."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        raise AddressError(f"cannot listen on {host}: {exc.strerror}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise AddressError(f"cannot listen on {host} port {port}: {exc.strerror}") from None
    return sock


def network_address() -> str | None:
    """This machine's address on its network, if it has one. Nothing is
    sent: connecting a UDP socket only picks the address a packet would
    leave from."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
        except OSError:
            return None
        address = str(s.getsockname()[0])
    return None if address.startswith("127.") else address


def url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serving_line(host: str, port: int) -> str:
    """What main.py prints once the web UI is served."""
    if host not in EVERY_ADDRESS:
        return f"Haki is serving its web UI at {url(host, port)}"
    here = url("127.0.0.1", port)
    address = network_address()
    if address is None:
        return (
            f"Haki is serving its web UI at {here} and, once this machine joins a "
            "network (a wifi), at its address there"
        )
    return (
        f"Haki is serving its web UI at {here} and, for phones on this network, at "
        f"{url(address, port)}"
    )
