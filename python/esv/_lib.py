"""Loading libesv.so and declaring the C functions the binding calls.

The library is found, in this order: the ESV_LIBRARY environment variable
(a path to libesv.so), the build tree this package sits in
(<repository>/build/libesv.so), then ctypes.util.find_library("esv") (an
installed library). Every function is declared with its argument and
result types, so ctypes never guesses a pointer's width.
"""

import ctypes
import ctypes.util
import os
import threading

c_void_p = ctypes.c_void_p
c_char_p = ctypes.c_char_p
c_size_t = ctypes.c_size_t
c_int = ctypes.c_int
c_int64 = ctypes.c_int64
c_uint64 = ctypes.c_uint64
c_long = ctypes.c_long
POINTER = ctypes.POINTER


class Blob(ctypes.Structure):
    """esv_blob: one certificate input (esv/cert.h)."""

    _fields_ = [("data", c_char_p), ("len", c_size_t)]


class PolicyError(ctypes.Structure):
    """esv_policy_error (esv/policy.h)."""

    _fields_ = [("line", c_size_t), ("message", ctypes.c_char * 160)]


# int (*)(void *opaque, const char *name, const esv_report *report)
RSP_REPORT_FN = ctypes.CFUNCTYPE(c_int, c_void_p, c_char_p, c_void_p)

# name: (result type, [argument types])
_SIGNATURES = {
    "esv_version": (c_char_p, []),
    "esv_status_str": (c_char_p, [c_int]),
    "esv_severity_str": (c_char_p, [c_int]),
    "esv_ctx_new": (c_int, [POINTER(c_void_p)]),
    "esv_ctx_free": (None, [c_void_p]),
    "esv_ctx_set_policy": (c_int, [c_void_p, c_void_p]),
    "esv_ctx_set_time": (c_int, [c_void_p, c_int64]),
    "esv_ctx_set_limit": (c_int, [c_void_p, c_int, c_uint64]),
    "esv_policy_new": (c_int, [c_int, POINTER(c_void_p)]),
    "esv_policy_free": (None, [c_void_p]),
    "esv_policy_parse": (c_int, [c_void_p, c_char_p, c_size_t, POINTER(PolicyError)]),
    "esv_policy_set_text": (c_int, [c_void_p, c_char_p]),
    "esv_policy_base_name": (c_char_p, [c_int]),
    "esv_report_free": (None, [c_void_p]),
    "esv_report_status": (c_int, [c_void_p]),
    "esv_report_verdict": (c_int, [c_void_p]),
    "esv_verdict_str": (c_char_p, [c_int]),
    "esv_report_kind": (c_char_p, [c_void_p]),
    "esv_report_policy": (c_char_p, [c_void_p]),
    "esv_report_time": (c_int64, [c_void_p, POINTER(c_int)]),
    "esv_report_finding_count": (c_size_t, [c_void_p]),
    "esv_report_dropped": (c_size_t, [c_void_p]),
    "esv_report_finding": (c_void_p, [c_void_p, c_size_t]),
    "esv_finding_rule": (c_void_p, [c_void_p]),
    "esv_finding_rule_id": (c_char_p, [c_void_p]),
    "esv_finding_severity": (c_int, [c_void_p]),
    "esv_finding_message": (c_char_p, [c_void_p]),
    "esv_finding_offset": (c_int64, [c_void_p]),
    "esv_finding_element": (c_long, [c_void_p]),
    "esv_finding_cert": (c_long, [c_void_p]),
    "esv_finding_path": (c_char_p, [c_void_p]),
    "esv_rule_reference": (c_char_p, [c_void_p]),
    "esv_profile_verify": (c_int, [c_void_p, c_char_p, c_size_t, POINTER(c_void_p)]),
    "esv_trust_new": (c_int, [POINTER(c_void_p)]),
    "esv_trust_free": (None, [c_void_p]),
    "esv_trust_add_ci": (c_int, [c_void_p, c_char_p, c_size_t]),
    "esv_trust_add_crl": (c_int, [c_void_p, c_char_p, c_size_t]),
    "esv_cert_role_parse": (c_int, [c_char_p, POINTER(c_int)]),
    "esv_cert_verify": (c_int, [c_void_p, c_void_p, POINTER(Blob), c_size_t, c_int, POINTER(c_void_p)]),
    "esv_rsp_session_new": (c_int, [POINTER(c_void_p)]),
    "esv_rsp_session_free": (None, [c_void_p]),
    "esv_rsp_session_set": (c_int, [c_void_p, c_int, c_char_p, c_size_t]),
    "esv_rsp_verify": (c_int, [c_void_p, c_void_p, c_void_p, c_char_p, c_size_t, POINTER(c_void_p)]),
    "esv_rsp_verify_json": (c_int, [c_void_p, c_void_p, c_void_p, c_char_p, c_size_t, POINTER(c_void_p)]),
    "esv_rsp_verify_har": (c_int, [c_void_p, c_void_p, c_void_p, c_char_p, c_size_t, RSP_REPORT_FN, c_void_p]),
}

_lock = threading.Lock()
_lib = None


def _candidates():
    env = os.environ.get("ESV_LIBRARY")
    if env:
        return [env]
    here = os.path.dirname(os.path.abspath(__file__))
    out = [os.path.join(here, "..", "..", "build", "libesv.so")]
    found = ctypes.util.find_library("esv")
    if found:
        out.append(found)
    return out


def load():
    """The loaded library (loaded once per process, on first use)."""
    global _lib
    with _lock:
        if _lib is not None:
            return _lib
        tried = []
        for path in _candidates():
            if os.environ.get("ESV_LIBRARY") is None and os.sep in path and not os.path.exists(path):
                tried.append(path + " (absent)")
                continue
            try:
                lib = ctypes.CDLL(path)
            except OSError as e:
                tried.append("%s (%s)" % (path, e))
                continue
            for name, (res, args) in _SIGNATURES.items():
                fn = getattr(lib, name)
                fn.restype = res
                fn.argtypes = args
            _lib = lib
            return lib
        raise OSError("libesv not found; set ESV_LIBRARY to the path of libesv.so (tried: %s)"
                      % "; ".join(tried))
