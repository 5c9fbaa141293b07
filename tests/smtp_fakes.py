"""Mail servers for tests: one that accepts connections and never answers, one that works.

The working one speaks just enough SMTP for Django's backend (no TLS, no sign-in) and keeps each
message it accepts, so a test can count what arrived.
"""

import contextlib
import email
import socket
import socketserver
import threading


@contextlib.contextmanager
def hung_smtp_server():
    """Listen on a free port, accept every connection and never say a word; yield the port."""
    with hung_smtp_server_on(0) as port:
        yield port


@contextlib.contextmanager
def hung_smtp_server_on(port):
    """Listen on the port (0: any free one), accept and never answer; yield the port."""
    listener = socket.create_server(("127.0.0.1", port), reuse_port=False)
    listener.listen(64)
    held = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        listener.close()


class _SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 fake-smtp ready")
        sender, recipients = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake-smtp")
            elif verb == "MAIL":
                sender, recipients = command[10:].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command[8:].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    data = self.rfile.readline()
                    if data in (b".\r\n", b".\n", b""):
                        break
                    lines.append(data[1:] if data.startswith(b"..") else data)
                self.server.received.append(
                    (sender, recipients, email.message_from_bytes(b"".join(lines)))
                )
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("250 OK")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def working_smtp_server(port=0):
    """Run a small SMTP server; yield it: .port, and .received as (from, to, message) tuples."""
    server = _Server(("127.0.0.1", port), _SMTPHandler)
    server.received = []
    server.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
