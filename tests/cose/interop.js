#!/usr/bin/env node
// tests/cose/interop.js - esv's signed verdicts against an independent
// COSE implementation (the npm package cose-js, installed by `npm ci` in
// this folder): cose-js verifies what `esv ... --format cbor --sign`
// writes, and `esv verdict verify` accepts what cose-js signs; a changed
// payload, another key, another algorithm, truncated and malformed input
// are rejected by both. Keys are made here, at run time (node's crypto).
// Usage: node tests/cose/interop.js ESV   (run by make test-cose)
'use strict';

const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const cbor = require('cbor');
const cose = require('cose-js');

const ESV = path.resolve(process.argv[2] || 'build/esv');
const ROOT = path.resolve(__dirname, '..', '..');
const D = path.join(ROOT, 'examples', 'data');
const T = fs.mkdtempSync(path.join(os.tmpdir(), 'esv-cose-'));

let passed = 0;
let failed = 0;

function esv (args, input) {
  const r = spawnSync(ESV, args, { input, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr.toString() };
}

function keyPair (curve) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: curve });
  const jwk = privateKey.export({ format: 'jwk' });
  const b = (s) => Buffer.from(s, 'base64url');
  return {
    pkcs8: privateKey.export({ type: 'pkcs8', format: 'pem' }),
    sec1: privateKey.export({ type: 'sec1', format: 'pem' }),
    spki: publicKey.export({ type: 'spki', format: 'pem' }),
    signer: { key: { d: b(jwk.d) } },
    verifier: { key: { x: b(jwk.x), y: b(jwk.y) } }
  };
}

function write (name, data) {
  const p = path.join(T, name);
  fs.writeFileSync(p, data);
  return p;
}

async function check (name, fn) {
  try {
    await fn();
    passed++;
  } catch (e) {
    failed++;
    console.log('FAIL: ' + name + ': ' + (e && e.message ? e.message : e));
  }
}

// cose-js's verdict on a COSE_Sign1: the payload, or the error's message.
async function coseVerify (buf, verifier) {
  try {
    return { ok: true, payload: await cose.sign.verify(buf, verifier) };
  } catch (e) {
    return { ok: false, error: String(e && e.message ? e.message : e) };
  }
}

// A copy with the byte at `at` flipped.
function flipped (buf, at) {
  const c = Buffer.from(buf);
  c[at] ^= 0x01;
  return c;
}

async function main () {
  const key = keyPair('prime256v1');
  const other = keyPair('prime256v1');
  const p384 = keyPair('secp384r1');
  const keyPem = write('sign.pem', key.pkcs8);
  const keySec1 = write('sign-sec1.pem', key.sec1);
  const pubPem = write('pub.pem', key.spki);
  const otherPem = write('other-pub.pem', other.spki);

  // The reports esv signs: a chain at a fixed time (its CBOR is the same
  // bytes on every run), the passing and the failing sample profile.
  const certArgs = ['cert', '--ci', path.join(D, 'pki', 'ci-nist.der'), '--at', '2027-01-01',
    '--format', 'cbor', path.join(D, 'pki', 'chain-nist.pem')];
  const plain = esv(certArgs);
  assert.strictEqual(plain.code, 0, 'esv cert on the sample chain passes');
  const certSigned = esv(certArgs.concat(['--sign', keyPem]));
  const ramSigned = esv(['profile', '--format', 'cbor', '--sign', keySec1,
    path.join(D, 'test-profile-ram.der')]);

  await check('esv writes a tagged COSE_Sign1 with alg ES256 and the report as payload', async () => {
    assert.strictEqual(certSigned.code, 0);
    const item = cbor.decodeFirstSync(certSigned.out);
    assert.ok(item instanceof cbor.Tagged && item.tag === 18, 'tag 18');
    assert.strictEqual(item.value.length, 4);
    const prot = cbor.decodeFirstSync(item.value[0]);
    assert.strictEqual(prot.get(1), -7, 'protected alg -7');
    assert.strictEqual(item.value[1].get(4).length, 8, 'unprotected kid, 8 bytes');
    assert.ok(item.value[2].equals(plain.out), 'payload = the unsigned CBOR report, byte for byte');
    assert.strictEqual(item.value[3].length, 64, 'signature r||s');
  });

  await check('cose-js verifies esv\'s signature and gets the report back', async () => {
    const r = await coseVerify(certSigned.out, key.verifier);
    assert.ok(r.ok, r.error);
    assert.ok(r.payload.equals(plain.out));
    const report = cbor.decodeFirstSync(r.payload);
    assert.strictEqual(report.verdict, 'pass');
    assert.strictEqual(report.kind, 'cert');
  });

  await check('cose-js verifies a failing profile verdict esv signed (SEC 1 key)', async () => {
    assert.strictEqual(ramSigned.code, 1, 'the RAM test profile fails under production');
    const r = await coseVerify(ramSigned.out, key.verifier);
    assert.ok(r.ok, r.error);
    const report = cbor.decodeFirstSync(r.payload);
    assert.strictEqual(report.verdict, 'fail');
    const ids = report.findings.map((f) => f.id);
    assert.ok(ids.includes('PROF-100') && ids.includes('PROF-103'), 'PROF-100 and PROF-103 among ' + ids.join(' '));
  });

  await check('cose-js rejects esv\'s signature with a changed payload', async () => {
    // the verdict text "pass" inside the payload becomes "pasr"
    const at = certSigned.out.indexOf(Buffer.from('pass'));
    assert.ok(at > 0);
    const r = await coseVerify(flipped(certSigned.out, at + 3), key.verifier);
    assert.ok(!r.ok, 'accepted a changed payload');
    assert.match(r.error, /missmatch|mismatch/i);
  });

  await check('cose-js rejects esv\'s signature under another key', async () => {
    const r = await coseVerify(certSigned.out, other.verifier);
    assert.ok(!r.ok);
    assert.match(r.error, /missmatch|mismatch/i);
  });

  // The reverse: cose-js signs the report esv wrote.
  const jsSigned = await cose.sign.create({ p: { alg: 'ES256' }, u: { kid: 'cose-js' } }, plain.out, key.signer);
  const jsFile = write('cose-js.cbor', jsSigned);

  await check('esv verdict verify accepts cose-js\'s COSE_Sign1', async () => {
    const r = esv(['verdict', 'verify', '--key', pubPem, jsFile]);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out.toString(), /#1: signature valid: PASS \(input .*chain-nist\.pem, kind cert, policy production\): 0 errors, 0 warnings, 2 info/);
  });

  await check('esv verdict verify rejects cose-js\'s COSE_Sign1 with a changed payload', async () => {
    const at = jsSigned.indexOf(Buffer.from('pass'));
    const r = esv(['verdict', 'verify', '--key', pubPem, write('cose-js-tampered.cbor', flipped(jsSigned, at + 3))]);
    assert.strictEqual(r.code, 1);
    assert.match(r.out.toString(), /REJECTED: signature does not verify with this key/);
    assert.match(r.err, /1 signed verdict rejected/);
  });

  await check('esv verdict verify rejects cose-js\'s COSE_Sign1 under another key', async () => {
    const r = esv(['verdict', 'verify', '--key', otherPem, jsFile]);
    assert.strictEqual(r.code, 1);
    assert.match(r.out.toString(), /REJECTED: signature does not verify with this key/);
  });

  await check('esv verdict verify rejects ES384 (cose-js, P-384 key)', async () => {
    const es384 = await cose.sign.create({ p: { alg: 'ES384' }, u: { kid: 'p384' } }, plain.out, p384.signer);
    assert.ok((await coseVerify(es384, p384.verifier)).ok, 'cose-js verifies its own ES384');
    const r = esv(['verdict', 'verify', '--key', pubPem, write('es384.cbor', es384)]);
    assert.strictEqual(r.code, 1);
    assert.match(r.out.toString(), /REJECTED: algorithm not ES256/);
  });

  await check('esv verdict verify: items of both signers in one file, each valid', async () => {
    const all = Buffer.concat([certSigned.out, jsSigned, ramSigned.out]);
    const r = esv(['verdict', 'verify', '--key', pubPem, write('all.cbor', all)]);
    assert.strictEqual(r.code, 0, r.err);
    const lines = r.out.toString().trim().split('\n');
    assert.strictEqual(lines.length, 3);
    assert.match(lines[0], /#1: signature valid: PASS/);
    assert.match(lines[1], /#2: signature valid: PASS/);
    assert.match(lines[2], /#3: signature valid: FAIL \(input .*test-profile-ram\.der, kind profile, policy production\): \d+ errors/);
  });

  await check('esv verdict verify: a truncated item is rejected', async () => {
    const r = esv(['verdict', 'verify', '--key', pubPem, write('cut.cbor', jsSigned.subarray(0, jsSigned.length - 10))]);
    assert.strictEqual(r.code, 1);
    assert.match(r.out.toString(), /REJECTED: truncated COSE_Sign1/);
  });

  await check('esv verdict verify: a COSE_Sign1 array of 3 is malformed', async () => {
    const item = cbor.decodeFirstSync(jsSigned);
    const bad = cbor.encode(new cbor.Tagged(18, item.value.slice(0, 3)));
    const r = esv(['verdict', 'verify', '--key', pubPem, write('three.cbor', bad)]);
    assert.strictEqual(r.code, 1);
    assert.match(r.out.toString(), /REJECTED: not a well-formed COSE_Sign1/);
  });

  await check('esv verdict verify: a signed payload that is not a report', async () => {
    const notReport = await cose.sign.create({ p: { alg: 'ES256' } }, cbor.encode({ hello: 'world' }), key.signer);
    const r = esv(['verdict', 'verify', '--key', pubPem, write('notreport.cbor', notReport)]);
    assert.strictEqual(r.code, 1);
    assert.match(r.out.toString(), /REJECTED: signed payload is not an esv report/);
  });

  await check('esv refuses a P-384 signing key and a non-key', async () => {
    let r = esv(['profile', '--format', 'cbor', '--sign', write('p384.pem', p384.pkcs8),
      path.join(D, 'sample-profile.der')]);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /not an EC key on P-256/);
    r = esv(['verdict', 'verify', '--key', path.join(D, 'pki', 'chain-nist.pem'), jsFile]);
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /not a PEM public key/);
  });

  fs.rmSync(T, { recursive: true, force: true });
  console.log('cose: ' + passed + ' passed, ' + failed + ' failed (cose-js ' +
    require('cose-js/package.json').version + ')');
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.log('FAIL: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
