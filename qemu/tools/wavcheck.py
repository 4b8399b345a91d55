#!/usr/bin/env python3
# Find the guest's test signal (frame n: L = n & 0x7fff, R = 0x7fff - L,
# S16_LE stereo, 3 s at 48 kHz = 144000 frames) in QEMU's wav output.
import struct, sys
data = open(sys.argv[1], 'rb').read()
expect = int(sys.argv[2]) if len(sys.argv) > 2 else 144000
assert data[:4] == b'RIFF' and data[8:12] == b'WAVE'
pos = 12; fmt = None
while pos < len(data):
    cid, size = data[pos:pos+4], struct.unpack('<I', data[pos+4:pos+8])[0]
    if cid == b'fmt ':
        fmt = struct.unpack('<HHIIHH', data[pos+8:pos+24])
    if cid == b'data':
        pcm = data[pos+8:pos+8+size] if size and pos+8+size <= len(data) else data[pos+8:]
        break
    pos += 8 + size
tag, ch, rate, _, _, bits = fmt
print(f"wav: {ch} ch, {rate} Hz, {bits} bit, {len(pcm)//(2*ch)} frames ({len(pcm)/(2*ch)/rate:.2f} s)")
assert ch == 2 and bits == 16
fr = struct.unpack('<%dh' % (len(pcm)//2), pcm[:len(pcm)//4*4])
runs = []   # (start index in wav, first L, length)
cur = None; prev = None; signal = 0; zero = 0
for i in range(0, len(fr), 2):
    l, r = fr[i], fr[i+1]
    if l == 0 and r == 0:
        zero += 1
    if 0 <= l <= 0x7fff and r == 0x7fff - l:
        signal += 1
        if cur is not None and l == (prev + 1) & 0x7fff:
            cur[2] += 1
        else:
            cur = [i//2, l, 1]; runs.append(cur)
        prev = l
    else:
        cur = None
print(f"signal frames: {signal} of {expect} played; silent frames: {zero}; in-order runs: {len(runs)}")
for s, l, n in runs[:12]:
    print(f"  run at wav frame {s}: starts at L={l}, {n} frames in order")
if runs:
    print(f"longest run: {max(r[2] for r in runs)} frames")
# The signal is the chain of runs, in wav order, that starts with L = 0
# and where each run starts where the previous one ended (mod 32768), up
# to the frames played: sample-exact between gaps. Other runs are other
# clients' data that happens to fit the relation.
chain = []; nxt = 0; total = 0
for r in runs:
    if total >= expect:
        break
    if r[1] == nxt and (chain or r[1] == 0):
        chain.append(r); total += r[2]; nxt = (r[1] + r[2]) & 0x7fff
gap_frames = sum(b[0] - (a[0] + a[2]) for a, b in zip(chain, chain[1:]))
print(f"chain: {len(chain)} runs, {total} frames; {len(chain) - 1} gaps, {gap_frames} frames of other samples inside them")
ok = total == expect
print("DATA CHECK:", (f"PASS: all {expect} frames of the signal, in order and sample-exact, in {len(chain)} run(s)") if ok else "FAIL")
