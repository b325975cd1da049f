build/obj/lib/core/rules.o: lib/core/rules.c lib/core/rules_internal.h \
 include/esv/rules.h include/esv/common.h lib/core/../rules.def \
 lib/core/../rules/der.def lib/core/../rules/prof_core.def \
 lib/core/../rules/prof_structure.def lib/core/../rules/prof_ids.def \
 lib/core/../rules/prof_files.def lib/core/../rules/prof_security.def \
 lib/core/../rules/prof_gp.def
lib/core/rules_internal.h:
include/esv/rules.h:
include/esv/common.h:
lib/core/../rules.def:
lib/core/../rules/der.def:
lib/core/../rules/prof_core.def:
lib/core/../rules/prof_structure.def:
lib/core/../rules/prof_ids.def:
lib/core/../rules/prof_files.def:
lib/core/../rules/prof_security.def:
lib/core/../rules/prof_gp.def:
