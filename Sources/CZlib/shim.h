// zlib for Swift: kitty pictures are sent zlib-compressed (o=z).
#ifndef KINORA_CZLIB_SHIM_H
#define KINORA_CZLIB_SHIM_H

#include <zlib.h>

#endif
