build/obj/lib/core/context.o: lib/core/context.c \
 lib/core/context_internal.h include/esv/context.h include/esv/common.h \
 include/esv/policy.h include/esv/rules.h lib/core/../der/der.h
lib/core/context_internal.h:
include/esv/context.h:
include/esv/common.h:
include/esv/policy.h:
include/esv/rules.h:
lib/core/../der/der.h:
