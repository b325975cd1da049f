build/obj/lib/core/rules.o: lib/core/rules.c lib/core/rules_internal.h \
 include/esv/rules.h include/esv/common.h lib/core/../rules.def \
 lib/core/../rules/der.def lib/core/../rules/prof_core.def \
 lib/core/../rules/prof_structure.def
lib/core/rules_internal.h:
include/esv/rules.h:
include/esv/common.h:
lib/core/../rules.def:
lib/core/../rules/der.def:
lib/core/../rules/prof_core.def:
lib/core/../rules/prof_structure.def:
