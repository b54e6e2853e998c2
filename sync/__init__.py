"""Moving reports from the device's outbox to the central server: the wire
protocol both sides share, and the client that drains the outbox.

sync.protocol  the v1 wire format (pydantic models shared with server/)
sync.client    the HTTP transport: one urllib3 pool, timeouts, retries, gzip
sync.drain     one pass over the outbox: reconcile, send, acknowledge, back off
sync.runner    a background thread that drains at start, on a timer and on demand
sync.send      `python -m sync.send --data-dir D --server URL`
sync.errors    the one error family, drawn below

    SyncError                  anything that stopped a request
    ├── Unreachable            no connection was made: nothing was sent
    │   └── NotHaki            404, 405 or 501: the address is not a Haki server's
    ├── InDoubt                sent, but no usable answer: the server may hold it
    │   └── BadAnswer          an answer that does not follow the protocol
    ├── Busy                   429 or 5xx, after the quick retries: try later
    └── Refused                any other 4xx: the server will not take it as is
        └── TooLarge           413: send fewer at a time
"""
