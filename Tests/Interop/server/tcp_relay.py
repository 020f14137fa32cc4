"""A TCP relay between a client and a server, to cut the line in tests: killing it closes
every relayed connection and refuses new ones, as a database that went away does.

    python tcp_relay.py TARGET_HOST TARGET_PORT [LISTEN_PORT]

Listens on 127.0.0.1 (LISTEN_PORT, or one the system picks), prints the port on a line, and
relays each connection to the target until killed.
"""
import asyncio
import sys


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def main():
    host, port = sys.argv[1], int(sys.argv[2])
    listen = int(sys.argv[3]) if len(sys.argv) > 3 else 0

    async def relay(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(host, port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    server = await asyncio.start_server(relay, "127.0.0.1", listen, reuse_address=True)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
