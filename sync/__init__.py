"""Moving reports from the device's outbox to the central server: the wire
protocol both sides share, and the client that drains the outbox."""
