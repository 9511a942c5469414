"""Schemathesis hooks for Steward's API fuzzing (loaded by scripts/api-fuzz.sh).

The mail intake route takes raw RFC 5322 messages (message/rfc822), which schemathesis cannot
generate from a JSON schema: these strategies give it mail-like messages and arbitrary bytes.
"""

import schemathesis
from hypothesis import strategies as st

_text = st.text(max_size=200)

_mail_like = st.builds(
    lambda sender, subject, body: (
        f"From: {sender}\r\nSubject: {subject}\r\nMessage-ID: <{abs(hash((sender, subject, body)))}@fuzz.example>\r\n\r\n{body}\r\n"
    ).encode("utf-8", "replace"),
    st.sampled_from(["member@example.org", "MAILER-DAEMON@example.org", "", "not an address"]),
    _text,
    _text,
)

schemathesis.openapi.media_type("message/rfc822", _mail_like | st.binary(min_size=1, max_size=4096))
