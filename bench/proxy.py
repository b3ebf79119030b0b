"""A small round-robin TCP proxy on 127.0.0.1 for the bench (what nginx's upstream does, without nginx).

`python bench/proxy.py PORT BACKEND_PORT [BACKEND_PORT ...]` listens on 127.0.0.1:PORT and hands each new
connection to the next backend in turn. The bench's client opens one connection per request
(urllib sends `Connection: close`), so connections and requests are spread alike. It runs in its own
process so that its CPU is not the load generator's; it stops on SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import signal
import sys

CHUNK = 64 * 1024


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            writer.close()
            await writer.wait_closed()
        except (ConnectionError, OSError):
            pass


async def serve(port: int, backends: list[int]) -> None:
    turn = itertools.cycle(backends)

    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            backend_reader, backend_writer = await asyncio.open_connection("127.0.0.1", next(turn))
        except OSError:
            client_writer.close()
            return
        with contextlib.suppress(asyncio.CancelledError):  # the proxy is stopping: the connection just ends
            await asyncio.gather(pipe(client_reader, backend_writer), pipe(backend_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=256)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    async with server:
        print("ready", flush=True)
        await stop.wait()


def main() -> int:
    port, *backends = (int(a) for a in sys.argv[1:])
    if not backends:
        print("usage: proxy.py PORT BACKEND_PORT [BACKEND_PORT ...]", file=sys.stderr)
        return 2
    asyncio.run(serve(port, backends))
    return 0


if __name__ == "__main__":
    sys.exit(main())
