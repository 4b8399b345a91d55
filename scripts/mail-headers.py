#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read and write the headers of the mails of git format-patch.

  mail-headers.py set MAIL TO CC   write To: and Cc: (newline-separated
                                   address lists; an empty list writes no
                                   header) after the Subject: header
  mail-headers.py cover MAIL TEXT  fill git format-patch's cover letter
                                   MAIL from TEXT: its first line is the
                                   subject, the rest the blurb
  mail-headers.py dump MAIL...     print each mail's From, Subject,
                                   Message-Id, In-Reply-To, To, Cc and the
                                   trailers of its message as JSON
"""
import email
import email.policy
import email.utils
import json
import subprocess
import sys


def split_mail(text):
    head, sep, body = text.partition('\n\n')
    return head.split('\n'), body


def fold(name, addrs):
    return name + ': ' + ',\n\t'.join(addrs)


def cmd_set(path, to, cc):
    text = open(path, encoding='utf-8').read()
    lines, body = split_mail(text)
    out, skip = [], False
    for line in lines:
        if skip and line[:1] in (' ', '\t'):
            continue
        skip = line.split(':', 1)[0].lower() in ('to', 'cc')
        if not skip:
            out.append(line)
    # After Subject: and its continuation lines.
    i = next(i for i, l in enumerate(out) if l.startswith('Subject: ')) + 1
    while i < len(out) and out[i][:1] in (' ', '\t'):
        i += 1
    new = []
    for name, lst in (('To', to), ('Cc', cc)):
        addrs = [a.strip() for a in lst.split('\n') if a.strip()]
        if addrs:
            new.append(fold(name, addrs))
    out[i:i] = new
    open(path, 'w', encoding='utf-8').write('\n'.join(out) + '\n\n' + body)


def cmd_cover(path, src):
    subject, blurb = open(src, encoding='utf-8').read().strip('\n').split('\n', 1)
    text = open(path, encoding='utf-8').read()
    if '*** SUBJECT HERE ***' not in text or '*** BLURB HERE ***' not in text:
        sys.exit(f'{path}: not a cover letter of git format-patch')
    text = text.replace('*** SUBJECT HERE ***', subject, 1)
    text = text.replace('*** BLURB HERE ***', blurb.strip('\n'), 1)
    open(path, 'w', encoding='utf-8').write(text)


def addresses(msg, name):
    return [email.utils.formataddr(a) for a in
            email.utils.getaddresses([str(v) for v in msg.get_all(name, [])])]


def cmd_dump(paths):
    res = []
    for path in paths:
        raw = open(path, 'rb').read()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(preferencelist=('plain',)).get_content()
        message = body.split('\n---\n', 1)[0]
        trailers = subprocess.run(['git', 'interpret-trailers', '--parse'],
                                  input=message, capture_output=True,
                                  text=True, check=True).stdout.splitlines()
        res.append({
            'file': path,
            'from': str(msg['From']),
            'subject': ' '.join(str(msg['Subject']).split()),
            'message_id': str(msg['Message-Id'] or ''),
            'in_reply_to': str(msg['In-Reply-To'] or ''),
            'references': str(msg['References'] or ''),
            'to': addresses(msg, 'To'),
            'cc': addresses(msg, 'Cc'),
            'trailers': trailers,
            'body': body,
        })
    json.dump(res, sys.stdout, indent=1)


if __name__ == '__main__':
    if len(sys.argv) == 5 and sys.argv[1] == 'set':
        cmd_set(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == 'cover':
        cmd_cover(*sys.argv[2:])
    elif len(sys.argv) > 2 and sys.argv[1] == 'dump':
        cmd_dump(sys.argv[2:])
    else:
        sys.exit(__doc__)
