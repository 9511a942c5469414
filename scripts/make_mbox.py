#!/usr/bin/env python3
"""Writes an mbox of N plainly fictional member e-mails for the intake benchmark.

Usage: make_mbox.py COUNT OUT.mbox [MEMBER_EMAILS.txt]

The mix is what a union's mailbox sees: mostly plain text from members (addresses taken from
MEMBER_EMAILS, one per line, when given), some HTML-only and multipart/alternative mail, one in
twenty with a small attachment, one in ten a reply to an earlier message (In-Reply-To), and a
few auto-replies and bounces that must not be acknowledged. Deterministic (fixed seed).
"""
import random
import sys

SUBJECTS = ["Shift pattern changed", "Overtime not paid", "Disciplinary meeting next week",
            "Sick pay question", "Holiday request refused", "Bullying by my manager",
            "Flexible working request", "Redundancy consultation", "Grievance outcome",
            "Pay slip wrong", "Night shift allowance", "Return to work meeting"]
WORDS = ("manager rota shift pay week meeting union rep hours contract letter sick leave "
         "holiday school ward office told said asked again please help advice today").split()


def body(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def main():
    count, out = int(sys.argv[1]), sys.argv[2]
    emails = []
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding="utf-8") as f:
            emails = [line.strip() for line in f if line.strip()]
    rng = random.Random(20261125)
    with open(out, "w", encoding="utf-8", newline="\n") as mbox:
        for n in range(count):
            sender = rng.choice(emails) if emails and rng.random() < 0.8 else f"someone{rng.randrange(50000)}@example.net"
            subject = rng.choice(SUBJECTS)
            headers = [f"From: {sender}", f"To: enquiries@union.example",
                       f"Subject: {subject}", f"Message-ID: <bench{n}@mail.example>",
                       f"Date: Wed, 25 Nov 2026 09:{n // 60 % 60:02d}:{n % 60:02d} +0000"]
            kind = n % 20
            if kind == 0 and n > 0:
                headers.append(f"In-Reply-To: <bench{rng.randrange(n)}@mail.example>")
                headers[2] = f"Subject: Re: {subject}"
            if kind == 19:
                headers.append("Auto-Submitted: auto-replied")
            text = "\n\n".join(body(rng, rng.randrange(20, 120)) for _ in range(rng.randrange(1, 4)))
            if kind in (5, 15):
                headers += ["MIME-Version: 1.0", 'Content-Type: multipart/alternative; boundary="b1"']
                payload = (f"--b1\nContent-Type: text/plain; charset=utf-8\n\n{text}\n"
                           f"--b1\nContent-Type: text/html; charset=utf-8\n\n<p>{text}</p>\n--b1--")
            elif kind == 10:
                headers += ["MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b2"']
                attachment = "JVBERi0xLjQKJSDi48/TCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCg=="
                payload = (f"--b2\nContent-Type: text/plain; charset=utf-8\n\n{text}\n"
                           f"--b2\nContent-Type: application/pdf; name=letter.pdf\n"
                           f"Content-Disposition: attachment; filename=letter.pdf\n"
                           f"Content-Transfer-Encoding: base64\n\n{attachment}\n--b2--")
            elif kind == 12:
                headers += ["MIME-Version: 1.0", "Content-Type: text/html; charset=utf-8"]
                payload = f"<html><body><p>{text}</p></body></html>"
            else:
                headers.append("Content-Type: text/plain; charset=utf-8")
                payload = text
            # mboxrd quoting: a body line starting with "From " gains a ">".
            payload = "\n".join(">" + line if line.startswith("From ") else line for line in payload.split("\n"))
            mbox.write(f"From {sender} Wed Nov 25 09:00:00 2026\n" + "\n".join(headers) + "\n\n" + payload + "\n\n")


if __name__ == "__main__":
    main()
