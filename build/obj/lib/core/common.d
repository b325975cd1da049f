build/obj/lib/core/common.o: lib/core/common.c include/esv/common.h \
 include/esv/version.h
include/esv/common.h:
include/esv/version.h:
