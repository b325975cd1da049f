#!/usr/bin/env python3
"""Writes the committed seed corpora under fuzz/corpus/ (run from the repo
root); builder-made profile seeds and examples/data/ come from
`make samples` (tools/build_samples.c). Every seed is built here from scratch: small DER values that reach
each branch of the DER reader, synthetic profile packages, policy texts.
Nothing is cut from third-party data."""
import os

def tlv(tag: bytes, content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:
        l = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
        l = bytes([0x80 | len(b)]) + b
    return tag + l + content

def seq(*items): return tlv(b'\x30', b''.join(items))
def ctx(n, content, constructed=False):
    if n < 31:
        return tlv(bytes([(0xa0 if constructed else 0x80) | n]), content)
    return tlv(bytes([0xbf if constructed else 0x9f, n]), content)

def write(target, name, data):
    d = os.path.join('fuzz', 'corpus', target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)

oid_ecdsa = tlv(b'\x06', bytes.fromhex('2a8648ce3d040302'))
oid_big = tlv(b'\x06', bytes.fromhex('6983ffffffffffffffffff7f'))
name = seq(tlv(b'\x31', seq(tlv(b'\x06', bytes.fromhex('550403')), tlv(b'\x13', b'esv test CI'))))
validity = seq(tlv(b'\x17', b'260101000000Z'), tlv(b'\x18', b'99991231235959Z'))
cert_like = seq(seq(ctx(0, tlv(b'\x02', b'\x02'), True), tlv(b'\x02', b'\x00\x80'),
                    seq(oid_ecdsa), name, validity, name,
                    seq(seq(oid_ecdsa), tlv(b'\x03', b'\x00' + bytes(range(1, 33)))),
                    ctx(3, seq(seq(tlv(b'\x06', b'\x55\x1d\x13'), tlv(b'\x01', b'\xff'),
                                   tlv(b'\x04', seq(tlv(b'\x01', b'\xff'))))), True)),
                seq(oid_ecdsa), tlv(b'\x03', b'\x00' + seq(tlv(b'\x02', b'\x01'), tlv(b'\x02', b'\x02'))))

der_seeds = {
    'cert_like.der': cert_like,
    'oid_big_arc.der': oid_big,
    'strings.der': seq(tlv(b'\x0c', 'h\u00e9llo \u20ac'.encode()), tlv(b'\x16', b'ia5@x'),
                       tlv(b'\x13', b'Printable (ok)'), tlv(b'\x12', b'123 456'),
                       tlv(b'\x1a', b'visible~')),
    'times.der': seq(tlv(b'\x17', b'491231235959Z'), tlv(b'\x18', b'20240229120000.5Z')),
    'bitstring_null_bool.der': seq(tlv(b'\x03', b'\x06\x40'), tlv(b'\x05', b''),
                                   tlv(b'\x01', b'\x00'), tlv(b'\x0a', b'\x01')),
    'high_tags.der': tlv(b'\xbf\x21', ctx(31, b'\x01') + tlv(b'\x5f\x37', bytes(64)) +
                         tlv(b'\x9f\x81\x00', b'\x02')),
    'long_length.der': tlv(b'\x04', bytes(300)),
    'nested.der': seq(seq(seq(seq(seq(tlv(b'\x02', b'\x7f')))))),
    'indefinite_asn1c_loop.der': bytes.fromhex('a280a0038101 01a1808100000100000000'.replace(' ', '')),
    'nonminimal_len.der': bytes.fromhex('0481050102030405'),
    'trailing.der': bytes.fromhex('020100ff'),
}
for k, v in der_seeds.items():
    write('fuzz_der', k, v)

# Synthetic profile packages: a header element [0], a few elements with
# nested file definitions, an end element [10]. Shaped like SAIP, values
# invented here.
def header(iccid_bcd):
    return ctx(0, ctx(0, b'\x02') + ctx(1, b'\x03') + ctx(2, b'esv synthetic profile') +
               ctx(3, iccid_bcd) + ctx(5, ctx(1, b'') + ctx(2, b''), True), True)
def pe_header(ident): return ctx(0, ctx(1, bytes([ident])), True)
mf = ctx(16, pe_header(1) + ctx(1, b'\x00') + ctx(2, tlv(b'\x62', tlv(b'\x82', b'\x78\x21') + tlv(b'\x83', b'\x3f\x00')), True) +
         ctx(3, tlv(b'\x62', tlv(b'\x82', b'\x41\x21') + tlv(b'\x83', b'\x2f\xe2')) + tlv(b'\x81', bytes.fromhex('98001032547698103214')), True), True)
aka = ctx(4, pe_header(2) + ctx(1, ctx(0, b'\x01') + ctx(1, b'\x00') + ctx(2, bytes(range(16))) + ctx(3, bytes(16)), True), True)
end = ctx(10, pe_header(9), True)
iccid = bytes.fromhex('98001032547698103214')
write('fuzz_profile', 'synthetic_minimal.der', header(iccid) + end)
write('fuzz_profile', 'synthetic_mf_aka.der', header(iccid) + mf + aka + end)
write('fuzz_profile', 'synthetic_broken_second.der', header(iccid) + bytes.fromhex('a480800100') + end)
write('fuzz_profile', 'synthetic_truncated.der', (header(iccid) + mf)[:-3])

policy_seeds = {
    'basic.policy': b'# lab\nbase = test\nDER-003 = warning\nDER-007=off\n',
    'unknown_rule.policy': b'PROF-999 = off\n',
    'bad_severity.policy': b'DER-001 = loud\n',
    'crlf_comments.policy': b'base=production # default\r\n\r\n  DER-015 = info  \r\n',
}
for k, v in policy_seeds.items():
    write('fuzz_policy', k, v)
