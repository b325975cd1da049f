build/obj/lib/der/der.o: lib/der/der.c lib/der/der.h
lib/der/der.h:
