"""esv for Python: the eSIM provisioning security verifier, through ctypes.

A thin binding over the public C API of libesv.so (no compiled extension):

    import esv
    report = esv.verify_profile(open("profile.der", "rb").read())
    print(report.verdict)                       # "pass" or "fail"
    for f in report.findings:
        print(f.rule_id, f.severity, f.message)

    esv.verify_certs([open("chain.pem", "rb").read()],
                     trust=[open("ci.der", "rb").read()], time="2027-01-01")
    esv.verify_rsp(session="examples/data/rsp/nist", trust=[ci],
                   server_address="smdp.esv.example", time="2027-01-01")

Every call makes its own context (and trust, session) and frees it, and
every report is copied into Python objects and freed before the call
returns: nothing of the library outlives a call. A verification that could
not run at all (bad argument, out of memory) raises EsvError; malformed
input is not an exception but findings (DER-...) and a "fail" verdict.

The library is looked up as esv._lib says: $ESV_LIBRARY, the build tree,
then an installed libesv.
"""

import calendar
import ctypes
import datetime
import os
import time as _time

from . import _lib

__all__ = ["EsvError", "Finding", "Report", "verify_profile", "verify_certs", "verify_rsp",
           "version", "SESSION_VALUES"]

# esv_status (esv/common.h)
_OK, _E_ARG, _E_NOMEM, _E_LIMIT, _E_PARSE, _E_NOTFOUND = 0, 1, 2, 3, 4, 5
# esv_limit (esv/context.h)
_LIMITS = {"input_bytes": 0, "depth": 1, "elements": 2, "findings": 3}
_SEVERITIES = {1: "info", 2: "warning", 3: "error"}

# esv_rsp_value (esv/rsp.h): the session values a caller may set
SESSION_VALUES = {
    "transaction_id": 0, "euicc_challenge": 1, "server_challenge": 2, "server_address": 3,
    "ci_pkid": 4, "euicc_certificate": 5, "eum_certificate": 6, "dppb_certificate": 7,
    "euicc_signature1": 8, "smdp_signature2": 9, "euicc_otpk": 10, "confirmation_code": 11,
    "eid": 12, "otsk_dp": 13, "session_keys": 14, "dpauth_certificate": 15,
}

# esv rsp --session DIR: the folder's values, then its messages, in order
# (cli/cmd_rsp.c)
_SESSION_VALUE_FILES = [("euicc-challenge.bin", "euicc_challenge"),
                        ("transaction-id.bin", "transaction_id"),
                        ("server-challenge.bin", "server_challenge"),
                        ("otsk-dp.bin", "otsk_dp")]
_SESSION_MESSAGES = ["initiate-request.der", "initiate-response.der", "auth-server-response.der",
                     "authenticate-response.der", "prepare-download-response.der",
                     "bound-profile-package.der", "pending-notification.der"]


class EsvError(Exception):
    """A verification could not run (esv_status other than ok).

    status is the C status number, status_name its text ("bad argument",
    "out of memory", ...)."""

    def __init__(self, status, what):
        self.status = status
        self.status_name = _text(_lib.load().esv_status_str(status))
        super().__init__("%s: %s" % (what, self.status_name))


class Finding:
    """One finding: the rule it names and where.

    element (profile element index), cert (certificate index), path (field
    path) and offset (byte offset) are None when not known."""

    __slots__ = ("rule_id", "severity", "message", "element", "cert", "path", "offset", "reference")

    def __init__(self, rule_id, severity, message, element=None, cert=None, path=None, offset=None,
                 reference=None):
        self.rule_id = rule_id
        self.severity = severity
        self.message = message
        self.element = element
        self.cert = cert
        self.path = path
        self.offset = offset
        self.reference = reference

    def __repr__(self):
        return "Finding(%r, %r, %r)" % (self.rule_id, self.severity, self.message)

    def __eq__(self, other):
        return isinstance(other, Finding) and all(
            getattr(self, k) == getattr(other, k) for k in self.__slots__)


class Report:
    """The result of one verification.

    verdict: "pass" or "fail"; status: "ok" or why the verification could
    not finish ("limit reached", ...); kind: "profile", "cert" or "rsp";
    policy: the base policy's name; time: the time the verdict is for (a
    timezone-aware datetime, or None); findings: list of Finding; dropped:
    findings counted beyond the context's cap; input: the input's name
    (rsp sessions: the message's file or HAR entry), or None."""

    __slots__ = ("verdict", "status", "kind", "policy", "time", "findings", "dropped", "input")

    def __init__(self, verdict, status, kind, policy, time, findings, dropped, input=None):
        self.verdict = verdict
        self.status = status
        self.kind = kind
        self.policy = policy
        self.time = time
        self.findings = findings
        self.dropped = dropped
        self.input = input

    @property
    def passed(self):
        return self.verdict == "pass"

    def rule_ids(self):
        """The findings' rule ids, in the order found."""
        return [f.rule_id for f in self.findings]

    def __repr__(self):
        return "Report(%s %s, %d findings%s)" % (
            self.kind, self.verdict, len(self.findings),
            ", input %r" % self.input if self.input is not None else "")


def version():
    """libesv's version string."""
    return _text(_lib.load().esv_version())


def _text(b):
    return None if b is None else b.decode("utf-8", "replace")


def _check(status, what):
    if status != _OK:
        raise EsvError(status, what)


def _report(lib, handle, name=None):
    """A Report copied from the C report (which the caller frees)."""
    findings = []
    for i in range(lib.esv_report_finding_count(handle)):
        f = lib.esv_report_finding(handle, i)
        element = lib.esv_finding_element(f)
        cert = lib.esv_finding_cert(f)
        offset = lib.esv_finding_offset(f)
        findings.append(Finding(
            _text(lib.esv_finding_rule_id(f)),
            _SEVERITIES.get(lib.esv_finding_severity(f), "?"),
            _text(lib.esv_finding_message(f)),
            element if element >= 0 else None,
            cert if cert >= 0 else None,
            _text(lib.esv_finding_path(f)),
            offset if offset >= 0 else None,
            _text(lib.esv_rule_reference(lib.esv_finding_rule(f)))))
    is_set = ctypes.c_int(0)
    t = lib.esv_report_time(handle, ctypes.byref(is_set))
    when = datetime.datetime.fromtimestamp(t, datetime.timezone.utc) if is_set.value else None
    return Report(_text(lib.esv_verdict_str(lib.esv_report_verdict(handle))),
                  _text(lib.esv_status_str(lib.esv_report_status(handle))),
                  _text(lib.esv_report_kind(handle)),
                  _text(lib.esv_report_policy(handle)),
                  when, findings, lib.esv_report_dropped(handle), name)


def _unix_time(time):
    """Seconds since 1970 from None (now), an int/float, a datetime (naive:
    UTC) or an RFC 3339 date-time / full-date string."""
    if time is None:
        return int(_time.time())
    if isinstance(time, bool):
        raise TypeError("time: not a bool")
    if isinstance(time, (int, float)):
        return int(time)
    if isinstance(time, datetime.datetime):
        if time.tzinfo is None:
            return calendar.timegm(time.timetuple())
        return int(time.timestamp())
    if isinstance(time, datetime.date):
        return calendar.timegm(time.timetuple())
    if isinstance(time, str):
        s = time.strip()
        if s.endswith(("Z", "z")):
            s = s[:-1] + "+00:00"
        try:
            parsed = datetime.datetime.fromisoformat(s)
        except ValueError:
            raise ValueError("time: not an RFC 3339 date-time or full-date: %r" % time) from None
        return _unix_time(parsed)
    raise TypeError("time: None, seconds, a datetime or an RFC 3339 string, not %s" % type(time).__name__)


def _bytes(data, what):
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError("%s: bytes expected, not %s" % (what, type(data).__name__))


class _Context:
    """An esv_ctx with its policy, time and limits; freed on exit."""

    def __init__(self, policy, time, settings, limits):
        self.lib = _lib.load()
        self.handle = ctypes.c_void_p()
        _check(self.lib.esv_ctx_new(ctypes.byref(self.handle)), "esv_ctx_new")
        try:
            self._configure(policy, time, settings or {}, limits or {})
        except BaseException:
            self.close()
            raise

    def _configure(self, policy, time, settings, limits):
        lib = self.lib
        pol = ctypes.c_void_p()
        base, text = self._policy_source(policy)
        _check(lib.esv_policy_new(base, ctypes.byref(pol)), "esv_policy_new")
        try:
            if text is not None:
                err = _lib.PolicyError()
                st = lib.esv_policy_parse(pol, text, len(text), ctypes.byref(err))
                if st == _E_PARSE:
                    raise ValueError("policy, line %d: %s" % (err.line, _text(err.message)))
                _check(st, "policy")
            for rule_id, severity in settings.items():
                st = lib.esv_policy_set_text(pol, ("%s=%s" % (rule_id, severity)).encode())
                if st in (_E_NOTFOUND, _E_PARSE, _E_ARG):
                    raise ValueError("setting %s=%s: %s" % (rule_id, severity,
                                     "unknown rule id" if st == _E_NOTFOUND else "bad severity"))
                _check(st, "setting")
            _check(lib.esv_ctx_set_policy(self.handle, pol), "esv_ctx_set_policy")
        finally:
            lib.esv_policy_free(pol)
        _check(lib.esv_ctx_set_time(self.handle, _unix_time(time)), "esv_ctx_set_time")
        for name, value in limits.items():
            if name not in _LIMITS:
                raise ValueError("limit %r: one of %s" % (name, ", ".join(sorted(_LIMITS))))
            st = lib.esv_ctx_set_limit(self.handle, _LIMITS[name], int(value))
            if st == _E_ARG:
                raise ValueError("limit %s=%r: out of range" % (name, value))
            _check(st, "esv_ctx_set_limit")

    @staticmethod
    def _policy_source(policy):
        """(base, policy text or None): "production", "test", policy text
        (the policy file format: a line with '='), or a policy file's
        path."""
        if policy in (None, "production"):
            return 0, None
        if policy == "test":
            return 1, None
        if isinstance(policy, bytes):
            return 0, policy
        if not isinstance(policy, str):
            raise TypeError("policy: a name, policy text or a file path")
        if "=" in policy:
            return 0, policy.encode()
        if os.path.isfile(policy):
            with open(policy, "rb") as f:
                return 0, f.read()
        raise ValueError("policy %r: production, test, policy text or a policy file" % policy)

    def close(self):
        if self.handle:
            self.lib.esv_ctx_free(self.handle)
            self.handle = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def verify_profile(data, policy="production", time=None, *, settings=None, limits=None, name=None):
    """Verifies one profile package (DER ProfileElements) and returns its
    Report (kind "profile").

    policy: "production" (default), "test", policy text or a policy file;
    settings: {"PROF-012": "off", ...} on top of it; time: the
    verification time (None: now, as the esv tool does); limits:
    {"input_bytes"|"depth"|"elements"|"findings": n}."""
    data = _bytes(data, "data")
    with _Context(policy, time, settings, limits) as ctx:
        out = ctypes.c_void_p()
        st = ctx.lib.esv_profile_verify(ctx.handle, data, len(data), ctypes.byref(out))
        if not out:
            raise EsvError(st, "esv_profile_verify")
        try:
            return _report(ctx.lib, out, name)
        finally:
            ctx.lib.esv_report_free(out)


class _Trust:
    """An esv_trust with the given CIs and CRLs (DER or PEM bytes)."""

    def __init__(self, lib, cis, crls):
        self.lib = lib
        self.handle = ctypes.c_void_p()
        _check(lib.esv_trust_new(ctypes.byref(self.handle)), "esv_trust_new")
        try:
            for i, ci in enumerate(cis):
                ci = _bytes(ci, "trust[%d]" % i)
                st = lib.esv_trust_add_ci(self.handle, ci, len(ci))
                if st == _E_PARSE:
                    raise ValueError("trust[%d]: not a certificate (DER or PEM) that parses" % i)
                _check(st, "esv_trust_add_ci")
            for i, crl in enumerate(crls or []):
                crl = _bytes(crl, "crls[%d]" % i)
                st = lib.esv_trust_add_crl(self.handle, crl, len(crl))
                if st == _E_PARSE:
                    raise ValueError("crls[%d]: not a CRL (DER or PEM) that parses" % i)
                _check(st, "esv_trust_add_crl")
        except BaseException:
            self.close()
            raise

    def close(self):
        if self.handle:
            self.lib.esv_trust_free(self.handle)
            self.handle = ctypes.c_void_p()


def _make_trust(lib, trust, crls):
    if trust is None:
        if crls:
            raise ValueError("crls need trust (the CIs they are checked against)")
        return None
    return _Trust(lib, list(trust), crls)


def verify_certs(certs, trust=None, crls=None, time=None, *, role="any", policy="production",
                 settings=None, limits=None, name=None):
    """Verifies a set of certificates (each item DER or PEM bytes, PEM
    bundles allowed; leaf and intermediates in any order) and returns its
    Report (kind "cert").

    trust: CI certificates (DER or PEM bytes), as esv cert --ci: the chain
    is built and verified to one of them (None: each certificate against
    its role's profile only, PKI-062); crls: CRLs, as --crl; role: "any",
    "euicc", "eum", "dp-auth", ...; time: as verify_profile."""
    blobs_src = [_bytes(c, "certs[%d]" % i) for i, c in enumerate(certs)]
    with _Context(policy, time, settings, limits) as ctx:
        lib = ctx.lib
        role_value = ctypes.c_int(0)
        st = lib.esv_cert_role_parse(role.encode(), ctypes.byref(role_value))
        if st != _OK:
            raise ValueError("role %r: unknown (see esv rules)" % role)
        t = _make_trust(lib, trust, crls)
        try:
            blobs = (_lib.Blob * max(1, len(blobs_src)))()
            for i, b in enumerate(blobs_src):
                blobs[i].data = b
                blobs[i].len = len(b)
            out = ctypes.c_void_p()
            st = lib.esv_cert_verify(ctx.handle, t.handle if t else None, blobs, len(blobs_src),
                                     role_value.value, ctypes.byref(out))
            if not out:
                raise EsvError(st, "esv_cert_verify")
            try:
                return _report(lib, out, name)
            finally:
                lib.esv_report_free(out)
        finally:
            if t:
                t.close()


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _is_json(body):
    return body.lstrip(b" \t\r\n")[:1] == b"{"


def verify_rsp(messages=None, *, session=None, har=None, trust=None, crls=None, time=None,
               policy="production", settings=None, limits=None, **values):
    """Verifies SGP.22 messages as one download session and returns a list
    of Reports (kind "rsp"), one per message, in order.

    messages: DER messages or ES9+ JSON bodies (bytes; a body whose first
    character is '{' is JSON), or (name, bytes) pairs; session: a session
    folder as esv rsp --session DIR reads it (euicc-challenge.bin,
    transaction-id.bin, server-challenge.bin, otsk-dp.bin, then
    initiate-response.der, auth-server-response.der, ...), verified before
    messages; har: a HAR capture of an ES9+ exchange (bytes, or a path),
    each request and response body in order (esv_rsp_verify_har); trust,
    crls, time: as verify_certs. Keyword values set in the session before
    the first message, as bytes (or str for server_address,
    confirmation_code, eid): transaction_id, server_challenge,
    euicc_challenge, server_address, confirmation_code, otsk_dp,
    session_keys, eid, dpauth_certificate, dppb_certificate, ... (see
    SESSION_VALUES)."""
    for key in values:
        if key not in SESSION_VALUES:
            raise TypeError("verify_rsp: unknown keyword %r" % key)
    items = []
    if session is not None:
        if not os.path.isdir(session):
            raise ValueError("session %r: not a folder" % session)
        for fname, key in _SESSION_VALUE_FILES:
            p = os.path.join(session, fname)
            if os.path.exists(p) and key not in values:
                values[key] = _read(p)
        found = 0
        for fname in _SESSION_MESSAGES:
            p = os.path.join(session, fname)
            if os.path.exists(p):
                items.append((p, _read(p)))
                found += 1
        if found == 0:
            raise ValueError("session %r: no message files" % session)
    for i, m in enumerate(messages or []):
        if isinstance(m, tuple):
            items.append((m[0], _bytes(m[1], "messages[%d]" % i)))
        else:
            items.append((None, _bytes(m, "messages[%d]" % i)))
    if har is not None and not isinstance(har, (bytes, bytearray, memoryview)):
        har = _read(har)
    if not items and har is None:
        raise ValueError("verify_rsp: no messages, session or har")

    reports = []
    with _Context(policy, time, settings, limits) as ctx:
        lib = ctx.lib
        t = _make_trust(lib, trust, crls)
        sess = ctypes.c_void_p()
        try:
            _check(lib.esv_rsp_session_new(ctypes.byref(sess)), "esv_rsp_session_new")
            for key, value in values.items():
                if isinstance(value, str):
                    value = value.encode()
                value = _bytes(value, key)
                st = lib.esv_rsp_session_set(sess, SESSION_VALUES[key], value, len(value))
                if st == _E_ARG:
                    raise ValueError("%s: %d bytes, a length this value cannot have" % (key, len(value)))
                _check(st, "esv_rsp_session_set")
            th = t.handle if t else None
            for name, body in items:
                out = ctypes.c_void_p()
                fn = lib.esv_rsp_verify_json if _is_json(body) else lib.esv_rsp_verify
                st = fn(ctx.handle, th, sess, body, len(body), ctypes.byref(out))
                if not out:
                    raise EsvError(st, "esv_rsp_verify")
                try:
                    reports.append(_report(lib, out, name))
                finally:
                    lib.esv_report_free(out)
            if har is not None:
                har = bytes(har)
                failure = []

                def each(opaque, name, handle):
                    try:
                        reports.append(_report(lib, handle, _text(name)))
                        return 0
                    except BaseException as e:  # never unwind through C
                        failure.append(e)
                        return 1

                callback = _lib.RSP_REPORT_FN(each)
                st = lib.esv_rsp_verify_har(ctx.handle, th, sess, har, len(har), callback, None)
                if failure:
                    raise failure[0]
                _check(st, "esv_rsp_verify_har")
        finally:
            if sess:
                lib.esv_rsp_session_free(sess)
            if t:
                t.close()
    return reports
