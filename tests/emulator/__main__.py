"""Run the emulator until stopped: `python -m tests.emulator --scenario default --state FILE`."""
from __future__ import annotations

import argparse
import json
import signal
import threading

from . import Emulator


def main() -> None:
    """Start, write where to reach it to --state, serve until SIGTERM/SIGINT."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--state", required=True, help="JSON file written with arm_url, ca_bundle, principals")
    parser.add_argument("--latency-ms", type=int, default=0)
    args = parser.parse_args()
    emulator = Emulator(args.scenario).start()
    emulator.set_latency(args.latency_ms)
    contributor, reader = emulator.principal("Contributor"), emulator.principal("Reader")
    with open(args.state, "w", encoding="utf-8") as handle:
        json.dump({"arm_url": emulator.arm_url, "ca_bundle": emulator.ca_bundle, "tenant": emulator.tenant_id,
                   "subscription": emulator.subscription_id, "contributor": contributor, "reader": reader}, handle)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    emulator.stop()


if __name__ == "__main__":
    main()
