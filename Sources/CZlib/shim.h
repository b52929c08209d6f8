#ifndef NEOS_CZLIB_SHIM_H
#define NEOS_CZLIB_SHIM_H
// zlib's inflate, used by the EventData target to read .gz files. Nothing else includes it.
#include <zlib.h>

// inflateInit2 is a macro in zlib.h; Swift cannot call macros, so wrap it.
static inline int neos_inflate_init_gzip(z_stream *stream) {
    // 15 window bits + 32: accept both gzip and zlib headers.
    return inflateInit2(stream, 15 + 32);
}
#endif
