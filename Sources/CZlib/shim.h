#include <zlib.h>

// inflateInit2 is a macro, which Swift cannot call: this wraps it. 15 + 16: a 32 KB window and a
// gzip wrapper (header and CRC checked by zlib).
static inline int aet_inflate_init_gzip(z_streamp stream) { return inflateInit2(stream, 15 + 16); }
