"""Tests of the Python binding (python/esv) against the libesv.so of this
build: run by `make check` (test-python) as

    ESV_LIBRARY=build/libesv.so ESV=build/esv python3 -m unittest discover -s python/tests -t python

Each test asserts what the library says: verdicts, rule ids, locations,
and that the binding and the esv tool report the same findings for the
same input. The TS.48 cases read ../shared/testdata (or $ESV_TESTDATA) in
place and are skipped when it is absent.
"""

import glob
import json
import os
import resource
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))

import esv  # noqa: E402

DATA = os.path.join(ROOT, "examples", "data")
PKI = os.path.join(DATA, "pki")
TESTDATA = os.environ.get("ESV_TESTDATA", os.path.join(ROOT, "..", "shared", "testdata"))
TOOL = os.environ.get("ESV", os.path.join(ROOT, "build", "esv"))
SANITIZED = os.environ.get("LD_PRELOAD", "").find("asan") >= 0


def read(*parts):
    with open(os.path.join(*parts), "rb") as f:
        return f.read()


# The tool is its own program: not with the ASan runtime this python was
# started with (LD_PRELOAD), which a sanitized esv links statically.
TOOL_ENV = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


def tool_json(args):
    """The esv tool's JSON reports (one per line) for args."""
    r = subprocess.run([TOOL] + args + ["--format", "json"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, check=False, env=TOOL_ENV)
    if r.returncode not in (0, 1):
        raise AssertionError("esv %s: exit %d: %s" % (" ".join(args), r.returncode, r.stderr.decode()))
    return [json.loads(line) for line in r.stdout.decode().splitlines() if line.strip()]


def as_tool(finding):
    """A Finding as the tool's JSON writes it (id, severity, message,
    reference, location)."""
    loc = {}
    for key in ("element", "cert", "path", "offset"):
        if getattr(finding, key) is not None:
            loc[key] = getattr(finding, key)
    return {"id": finding.rule_id, "severity": finding.severity, "message": finding.message,
            "reference": finding.reference, "location": loc}


def tool_findings(report):
    return [{k: f[k] for k in ("id", "severity", "message", "reference", "location")}
            for f in report["findings"]]


class ProfileTests(unittest.TestCase):
    def test_sample_passes(self):
        r = esv.verify_profile(read(DATA, "sample-profile.der"))
        self.assertEqual(r.verdict, "pass")
        self.assertTrue(r.passed)
        self.assertEqual(r.status, "ok")
        self.assertEqual(r.kind, "profile")
        self.assertEqual(r.policy, "production")
        self.assertEqual([f for f in r.findings if f.severity == "error"], [])
        self.assertIsNotNone(r.time)

    def test_test_profile_fails_under_production(self):
        r = esv.verify_profile(read(DATA, "test-profile-ram.der"), policy="production")
        self.assertEqual(r.verdict, "fail")
        ids = r.rule_ids()
        for rule in ("PROF-100", "PROF-103", "PROF-105", "PROF-079", "PROF-085", "PROF-125"):
            self.assertIn(rule, ids)
        puk = r.findings[ids.index("PROF-079")]
        self.assertEqual(puk.severity, "error")
        self.assertEqual(puk.element, 2)
        self.assertEqual(puk.path, "pukCodes[0]/pukValue")
        self.assertEqual(puk.offset, 163)
        self.assertIsNone(puk.cert)
        self.assertIn("11111111", puk.message)
        self.assertIn("TS.48", puk.reference)

    def test_test_policy_still_fails_on_open_ram(self):
        r = esv.verify_profile(read(DATA, "test-profile-ram.der"), policy="test")
        self.assertEqual(r.policy, "test")
        self.assertEqual(r.verdict, "fail")
        self.assertNotIn("PROF-100", r.rule_ids())  # a test profile is fine here
        self.assertIn("PROF-103", r.rule_ids())     # RAM/RFM left open is not

    def test_policy_text_and_settings(self):
        data = read(DATA, "test-profile-ram.der")
        r = esv.verify_profile(data, policy="base = test\nPROF-103 = off\n")
        self.assertEqual(r.policy, "test")
        self.assertNotIn("PROF-103", r.rule_ids())
        r = esv.verify_profile(data, settings={"PROF-100": "warning"})
        self.assertEqual([f.severity for f in r.findings if f.rule_id == "PROF-100"], ["warning"])
        with self.assertRaisesRegex(ValueError, "unknown rule id"):
            esv.verify_profile(data, settings={"PROF-999": "off"})
        with self.assertRaisesRegex(ValueError, "line 1"):
            esv.verify_profile(data, policy="base = nonsense\n")
        with self.assertRaises(ValueError):
            esv.verify_profile(data, policy="staging")

    def test_broken_profile(self):
        r = esv.verify_profile(read(DATA, "broken-profile.der"))
        self.assertEqual(r.verdict, "fail")
        self.assertEqual(r.findings[0].rule_id, "DER-003")
        self.assertEqual((r.findings[0].element, r.findings[0].offset), (1, 95))

    def test_truncated_and_empty_input(self):
        sample = read(DATA, "sample-profile.der")
        r = esv.verify_profile(sample[:300])
        self.assertEqual((r.verdict, r.status, r.rule_ids()), ("fail", "ok", ["DER-002"]))
        r = esv.verify_profile(b"")
        self.assertEqual((r.verdict, r.rule_ids()), ("fail", ["DER-001"]))
        r = esv.verify_profile(b"\x30\x80\x00\x00")  # indefinite length: not DER
        self.assertEqual(r.verdict, "fail")
        self.assertTrue(all(i.startswith("DER-") for i in r.rule_ids()), r.rule_ids())

    def test_limit_is_a_status_and_a_finding(self):
        r = esv.verify_profile(read(DATA, "sample-profile.der"), limits={"input_bytes": 100})
        self.assertEqual((r.verdict, r.status, r.rule_ids()), ("fail", "limit reached", ["DER-018"]))
        with self.assertRaises(ValueError):
            esv.verify_profile(b"", limits={"depth": 100000})

    def test_bad_arguments(self):
        with self.assertRaises(TypeError):
            esv.verify_profile("not bytes")
        with self.assertRaises(ValueError):
            esv.verify_profile(b"", time="yesterday")

    def test_time(self):
        r = esv.verify_profile(read(DATA, "sample-profile.der"), time="2030-01-02T03:04:05Z")
        self.assertEqual(r.time.isoformat(), "2030-01-02T03:04:05+00:00")
        self.assertEqual(esv.verify_profile(b"", time=0).time.year, 1970)

    def test_same_findings_as_the_tool(self):
        for name in ("sample-profile.der", "test-profile-ram.der", "broken-profile.der"):
            for policy in ("production", "test"):
                with self.subTest(name=name, policy=policy):
                    path = os.path.join(DATA, name)
                    (tool,) = tool_json(["profile", "--policy", policy, path])
                    r = esv.verify_profile(read(path), policy=policy)
                    self.assertEqual(r.verdict, tool["verdict"])
                    self.assertEqual(r.status, tool["status"])
                    self.assertEqual([as_tool(f) for f in r.findings], tool_findings(tool))

    def test_no_growth_over_many_calls(self):
        """Every context and report is freed: memory stays flat."""
        if SANITIZED:
            self.skipTest("RSS is not a leak measure under ASan (quarantine)")
        data = read(DATA, "test-profile-ram.der")
        for _ in range(200):
            esv.verify_profile(data)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for _ in range(3000):
            esv.verify_profile(data)
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
        # a report and a context are several KiB: 3000 leaked would be > 10 MiB
        self.assertLess(grown, 4096, "max RSS grew by %d KiB" % grown)


class TS48Tests(unittest.TestCase):
    def setUp(self):
        self.files = sorted(glob.glob(os.path.join(TESTDATA, "profiles", "ts48", "*.der")))
        if not self.files:
            self.skipTest("no TS.48 profiles in %s: skipped" % TESTDATA)

    def test_ts48_fail_under_production_like_the_tool(self):
        tool = tool_json(["profile", "-j", "1"] + self.files)
        self.assertEqual(len(tool), len(self.files))
        for path, t in zip(self.files, tool):
            with self.subTest(path=os.path.basename(path)):
                r = esv.verify_profile(read(path))
                self.assertEqual(r.verdict, "fail")
                self.assertIn("PROF-100", r.rule_ids())  # a TS.48 test profile
                self.assertEqual(r.rule_ids(), [f["id"] for f in t["findings"]])
                self.assertEqual([as_tool(f) for f in r.findings], tool_findings(t))

    def test_ts48_under_test_policy(self):
        for path in self.files:
            with self.subTest(path=os.path.basename(path)):
                r = esv.verify_profile(read(path), policy="test")
                self.assertNotIn("PROF-100", r.rule_ids())
                (t,) = tool_json(["profile", "--policy", "test", path])
                self.assertEqual((r.verdict, r.rule_ids()), (t["verdict"], [f["id"] for f in t["findings"]]))


class CertTests(unittest.TestCase):
    CI = read(PKI, "ci-nist.der")

    def test_chain_with_ci(self):
        r = esv.verify_certs([read(PKI, "chain-nist.pem")], trust=[self.CI], time="2027-01-01")
        self.assertEqual((r.kind, r.verdict), ("cert", "pass"))
        self.assertEqual(set(r.rule_ids()), {"PKI-067"})  # no CRL: revocation not checked (info)
        self.assertTrue(all(f.severity == "info" and f.cert is not None for f in r.findings))

    def test_chain_with_crl(self):
        r = esv.verify_certs([read(PKI, "chain-nist.pem")], trust=[self.CI],
                             crls=[read(PKI, "crl-nist.der")], time="2027-01-01")
        self.assertEqual(r.verdict, "pass")
        # the CI's CRL covers the certificate the CI issued: one PKI-067 is
        # left, for the certificate whose issuer has no CRL here
        self.assertEqual(r.rule_ids(), ["PKI-067"])
        self.assertIn("CRLs in the trust: 1", r.findings[0].message)

    def test_without_trust_no_chain(self):
        r = esv.verify_certs([read(PKI, "chain-nist.pem")], time="2027-01-01")
        self.assertEqual(r.rule_ids(), ["PKI-062"])

    def test_defects(self):
        r = esv.verify_certs([read(PKI, "eum-nokeyusage-nist.der")], trust=[self.CI], time="2027-01-01")
        self.assertEqual(r.verdict, "fail")
        self.assertIn("PKI-017", r.rule_ids())
        r = esv.verify_certs([read(PKI, "euicc-nonca-issuer-nist.pem")], trust=[self.CI], time="2027-01-01")
        self.assertEqual(r.verdict, "fail")
        self.assertIn("PKI-065", r.rule_ids())

    def test_expired_at_a_late_time(self):
        r = esv.verify_certs([read(PKI, "chain-nist.pem")], trust=[self.CI], time="2200-01-01")
        self.assertEqual(r.verdict, "fail")
        self.assertTrue(any(f.rule_id.startswith("PKI-") and f.severity == "error" for f in r.findings))

    def test_bad_input(self):
        r = esv.verify_certs([read(PKI, "ci-nist.der")[:50]], trust=[self.CI], time="2027-01-01")
        self.assertEqual(r.verdict, "fail")
        self.assertTrue(any(i.startswith("DER-") for i in r.rule_ids()), r.rule_ids())
        with self.assertRaisesRegex(ValueError, "trust\\[0\\]"):
            esv.verify_certs([read(PKI, "chain-nist.pem")], trust=[b"garbage"])
        with self.assertRaisesRegex(ValueError, "role"):
            esv.verify_certs([read(PKI, "chain-nist.pem")], role="king")

    def test_role(self):
        r = esv.verify_certs([read(PKI, "chain-v3c-nist.pem")], trust=[read(PKI, "ci-v3c-nist.der")],
                             role="euicc", time="2027-01-01")
        self.assertEqual(r.verdict, "pass")

    def test_same_findings_as_the_tool(self):
        cases = [["--ci", os.path.join(PKI, "ci-nist.der"), os.path.join(PKI, "chain-nist.pem")],
                 ["--ci", os.path.join(PKI, "ci-nist.der"), os.path.join(PKI, "eum-nokeyusage-nist.der")],
                 [os.path.join(PKI, "chain-brp.pem")]]
        for args in cases:
            with self.subTest(args=args[-1]):
                (t,) = tool_json(["cert", "--at", "2027-01-01"] + args)
                trust = [read(args[1])] if args[0] == "--ci" else None
                r = esv.verify_certs([read(args[-1])], trust=trust, time="2027-01-01")
                self.assertEqual(r.verdict, t["verdict"])
                self.assertEqual([as_tool(f) for f in r.findings], tool_findings(t))


class RspTests(unittest.TestCase):
    NIST = os.path.join(DATA, "rsp", "nist")

    def session(self, **kw):
        return esv.verify_rsp(session=self.NIST, trust=[read(self.NIST, "ci.der")], time="2027-01-01",
                              server_address="smdp.esv.example", **kw)

    def test_session_folder(self):
        reports = self.session()
        self.assertEqual([os.path.basename(r.input) for r in reports],
                         ["initiate-response.der", "auth-server-response.der", "authenticate-response.der",
                          "prepare-download-response.der", "pending-notification.der"])
        self.assertTrue(all(r.kind == "rsp" and r.verdict == "pass" for r in reports))

    def test_wrong_server_address_fails(self):
        reports = esv.verify_rsp(
            session=self.NIST, trust=[read(self.NIST, "ci.der")], time="2027-01-01",
            server_address="evil.example")
        self.assertTrue(any(r.verdict == "fail" for r in reports))
        self.assertTrue(any(i.startswith("RSP-") for r in reports for i in r.rule_ids()))

    def test_tampered_message(self):
        msg = bytearray(read(self.NIST, "auth-server-response.der"))
        msg[len(msg) // 2] ^= 0xff
        reports = esv.verify_rsp([read(self.NIST, "initiate-response.der"), bytes(msg)],
                                 trust=[read(self.NIST, "ci.der")], time="2027-01-01",
                                 euicc_challenge=read(self.NIST, "euicc-challenge.bin"))
        self.assertEqual(reports[0].verdict, "pass")
        self.assertEqual(reports[1].verdict, "fail")

    def test_har_and_json(self):
        har = os.path.join(ROOT, "fuzz", "corpus", "fuzz_rsp_har", "brp-requests.har")
        reports = esv.verify_rsp(har=har, trust=[read(DATA, "rsp", "brp", "ci.der")], time="2027-01-01")
        self.assertEqual(len(reports), 3)
        self.assertTrue(all(r.verdict == "pass" for r in reports))
        self.assertTrue(reports[0].input.startswith("entry 0 request"))
        (r,) = esv.verify_rsp([b'{"pendingNotification":"not base64!"}'])
        self.assertEqual(r.verdict, "fail")
        self.assertIn("RSP-042", r.rule_ids())

    def test_errors(self):
        with self.assertRaises(ValueError):
            esv.verify_rsp()
        with self.assertRaises(TypeError):
            esv.verify_rsp([b"\x30\x00"], colour="blue")
        with self.assertRaisesRegex(ValueError, "euicc_challenge"):
            esv.verify_rsp([b"\x30\x00"], euicc_challenge=b"short")
        (r,) = esv.verify_rsp([b"\x30\x03\x02"])  # truncated DER
        self.assertEqual(r.verdict, "fail")
        self.assertTrue(any(i.startswith("DER-") for i in r.rule_ids()), r.rule_ids())

    def test_same_findings_as_the_tool(self):
        tool = tool_json(["rsp", "--ci", os.path.join(self.NIST, "ci.der"), "--at", "2027-01-01",
                          "--server-address", "smdp.esv.example", "--session", self.NIST])
        reports = self.session()
        self.assertEqual(len(tool), len(reports))
        for r, t in zip(reports, tool):
            self.assertEqual(r.input, t["input"])
            self.assertEqual(r.verdict, t["verdict"])
            self.assertEqual([as_tool(f) for f in r.findings], tool_findings(t))


class LoadingTests(unittest.TestCase):
    def test_esv_library_names_a_missing_file(self):
        env = dict(os.environ, ESV_LIBRARY="/nonexistent/libesv.so")
        r = subprocess.run([sys.executable, "-c",
                            "import sys; sys.path.insert(0, %r); import esv; esv.version()"
                            % os.path.join(ROOT, "python")],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(b"/nonexistent/libesv.so", r.stderr)
        self.assertIn(b"OSError", r.stderr)

    def test_version(self):
        out = subprocess.run([TOOL, "--version"], stdout=subprocess.PIPE, check=True,
                             env=TOOL_ENV).stdout.decode()
        self.assertEqual(out.strip(), "esv " + esv.version())


if __name__ == "__main__":
    unittest.main()
