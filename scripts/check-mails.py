#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the mails that send-prep.sh wrote (scripts/test-send-prep.sh).

Usage: check-mails.py DUMP.json SENDER PLACEHOLDER_EMAIL DRY_RUN_LOG [NOTES [PREFIX]]

NOTES: how many patches of the posting carry "Notes:" below their "---"
in patches/; the same number of mails must, below theirs. PREFIX: the
subject prefix of the posting ("PATCH v2", "RFC PATCH v2").

DUMP.json is the output of `mail-headers.py dump` for the cover letter and
the patches of one posting, in order. Prints one line per finding and "mails: ok" or
exits 1.
"""
import json
import re
import sys

dump, sender, placeholder, dry_log = sys.argv[1:5]
want_notes = int(sys.argv[5]) if len(sys.argv) > 5 else None
prefix = re.escape(sys.argv[6]) if len(sys.argv) > 6 else r'PATCH( v\d+)?'
mails = json.load(open(dump))
bad = []


def check(cond, what):
    if not cond:
        bad.append(what)
    return cond


def emails(lst):
    return {re.sub(r'.*<(.*)>.*', r'\1', a).lower() for a in lst}


def touched(body):
    return re.findall(r'^diff --git a/(\S+) ', body, re.M)


cover, patches = mails[0], mails[1:]
n = len(patches)
check(re.search(r'\[%s 0+/%d\]' % (prefix, n), cover['subject']), 'cover subject: ' + cover['subject'])
check('*** SUBJECT HERE ***' not in cover['subject'] and '*** BLURB HERE ***' not in cover['body'],
      'cover letter: git format-patch\'s placeholders left')
check(cover['message_id'], 'cover has no Message-Id')
union_to, union_cc = set(), set()
for k, m in enumerate(mails):
    name = m['file'].rsplit('/', 1)[-1]
    check(m['from'] == sender, f'{name}: From {m["from"]!r}, want {sender!r}')
    check(placeholder.lower() not in json.dumps(m).lower(), f'{name}: names the placeholder')
    rcpt = emails(m['to']) | emails(m['cc'])
    check('stable@vger.kernel.org' not in rcpt, f'{name}: stable@ is a recipient')
    check('stable+noautosel@kernel.org' not in rcpt, f'{name}: stable+noautosel@ is a recipient')
    check(m['to'], f'{name}: no To:')
    if k == 0:
        continue
    check(re.search(r'\[%s 0*%d/%d\]' % (prefix, k, n), m['subject']), f'{name}: subject {m["subject"]!r}')
    check(m['in_reply_to'] == cover['message_id'], f'{name}: not a reply to the cover letter')
    sobs = [t for t in m['trailers'] if t.startswith('Signed-off-by:')]
    check(sobs == ['Signed-off-by: ' + sender], f'{name}: Signed-off-by {sobs}')
    check(m['trailers'] and m['trailers'][-1] == 'Signed-off-by: ' + sender,
          f'{name}: the sender\'s Signed-off-by is not the last trailer')
    files = touched(m['body'])
    check(files, f'{name}: no diff')
    to, cc = emails(m['to']), emails(m['cc'])
    if any(f.startswith('drivers/dma/') or f.startswith('include/linux/dma') for f in files):
        check('vkoul@kernel.org' in to, f'{name}: touches dmaengine, Vinod Koul not in To')
        check('dmaengine@vger.kernel.org' in cc, f'{name}: touches dmaengine, list not in Cc')
    if 'imx-sdma' in ' '.join(files):
        check({'s.hauer@pengutronix.de', 'shawnguo@kernel.org'} & (to | cc),
              f'{name}: touches imx-sdma, no i.MX maintainer')
    if any(f.startswith('sound/soc/') for f in files):
        check('broonie@kernel.org' in to, f'{name}: touches ASoC, Mark Brown not in To')
    if any(f.startswith('sound/core/') for f in files):
        check('tiwai@suse.com' in to, f'{name}: touches ALSA core, Takashi Iwai not in To')
    if any(f.startswith('sound/') for f in files):
        check('linux-sound@vger.kernel.org' in cc, f'{name}: touches sound, list not in Cc')
    # A Cc: trailer (other than the stable tags) is a recipient.
    for t in m['trailers']:
        if (t.startswith('Cc:') and 'stable@vger.kernel.org' not in t
                and 'stable+noautosel@kernel.org' not in t):
            check(emails([t[3:].strip()]) <= to | cc, f'{name}: trailer {t!r} not a recipient')
    if 'dmaengine_terminate_quiesce' in m['body'] and any(f.startswith('sound/') for f in files):
        check('dmaengine@vger.kernel.org' in cc and 'vkoul@kernel.org' in to | cc,
              f'{name}: a sound patch that uses the new dmaengine call does not reach dmaengine')
    union_to |= to
    union_cc |= cc
    print(f'  {k:2d} To: {", ".join(sorted(to))}')
    print(f'     Cc: {", ".join(sorted(cc))}')
if want_notes is not None:
    have = sum(1 for m in patches if '\n---\n' in m['body']
               and '\nNotes:\n' in m['body'].split('\n---\n', 1)[1].split('\ndiff --git ', 1)[0])
    check(have == want_notes, f'{have} mails carry notes below ---, patches/ has {want_notes}')
    print(f'  notes below ---: {have} mails (patches/: {want_notes})')
cto, ccc = emails(cover['to']), emails(cover['cc'])
check(cto | ccc == union_to | union_cc, 'cover letter: recipients are not the union of the patches\'')
print(f'   0 To+Cc: {len(cto | ccc)} addresses, the union of the patches\' {len(union_to | union_cc)}')
log = open(dry_log).read()
check(log.count('Dry-OK') == len(mails), f'dry run: {log.count("Dry-OK")} Dry-OK for {len(mails)} mails')
check('RCPT TO:<stable@vger.kernel.org>' not in log, 'dry run: stable@ would be mailed')
check('RCPT TO:<stable+noautosel@kernel.org>' not in log, 'dry run: stable+noautosel@ would be mailed')
check(log.count('RCPT TO:<') > len(mails), 'dry run: no recipients')
for b in bad:
    print('FAIL: ' + b)
print('mails: ok' if not bad else f'mails: {len(bad)} problems')
sys.exit(1 if bad else 0)
