"""An SMTP server for the SMTP TLS test (aiosmtpd): mode "starttls" demands STARTTLS before
anything else and AUTH only over TLS; mode "smtps" is TLS from the first byte. Either way AUTH
PLAIN/LOGIN is required and only USER/PASSWORD pass. Every sign-in attempt and every message is
printed as one JSON line, with the TLS version the connection had at that moment (None if plain).

usage: smtp_tls_server.py MODE HOST PORT CERT KEY USER PASSWORD
"""

import json
import ssl
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

mode, host, port, cert, key, user, password = sys.argv[1:8]
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)


def tls_version(server):
    ssl_object = server.transport.get_extra_info("ssl_object") if server.transport else None
    return ssl_object.version() if ssl_object else None


def report(**fields):
    print(json.dumps(fields), flush=True)


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == user.encode()
        and auth_data.password == password.encode()
    )
    report(event="auth", mechanism=mechanism, ok=ok, tls=tls_version(server))
    # handled=False: aiosmtpd itself answers a failure with "535 5.7.8", as a provider would
    # (with the default handled=True it answers nothing, and the client waits for its timeout).
    return AuthResult(success=ok, handled=False)


class Handler:
    async def handle_DATA(self, server, session, envelope):
        report(
            event="message",
            tls=tls_version(server),
            authenticated=bool(session.authenticated),
            rcpt=envelope.rcpt_tos,
            content=envelope.content.decode("utf-8", "replace"),
        )
        return "250 OK"


options = dict(authenticator=authenticator, auth_required=True)
if mode == "starttls":
    options.update(tls_context=context, require_starttls=True, auth_require_tls=True)
elif mode == "smtps":
    # aiosmtpd only counts STARTTLS as TLS for auth_require_tls (and warns); this whole
    # connection is TLS, and the authenticator reports the TLS version of every attempt.
    warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
    options.update(ssl_context=context, auth_require_tls=False)
else:
    sys.exit(f"unknown mode {mode}")

controller = Controller(Handler(), hostname=host, port=int(port), **options)
controller.start()
report(event="ready")
threading.Event().wait()
