build/obj/lib/core/rules.o: lib/core/rules.c lib/core/rules_internal.h \
 include/esv/rules.h include/esv/common.h lib/core/../rules.def
lib/core/rules_internal.h:
include/esv/rules.h:
include/esv/common.h:
lib/core/../rules.def:
