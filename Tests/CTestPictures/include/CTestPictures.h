// Row-by-row PNG and JPEG writers for tests and benchmarks that need pictures larger than ffmpeg
// will encode. Kinora itself never writes pictures through these; they live with the tests.
#ifndef KINORA_CTESTPICTURES_H
#define KINORA_CTESTPICTURES_H

#include "CImageDecode.h"

#if defined(__clang__)
#pragma clang assume_nonnull begin
#endif

#ifdef __cplusplus
extern "C" {
#endif

/// Fills `pixels` with row `row` of the picture being written: width * 3 bytes of RGB, or for a
/// palette PNG width bytes of palette indices.
typedef void (*CIDTestRowFiller)(void *_Nullable context, uint32_t row, uint8_t *pixels);

/// Writes a non-interlaced PNG row by row with zlib's fastest level and no row filter (the
/// quickest to write and to read back). With a `palette` (`palette_count` RGB triples, 1-256) it
/// is a palette PNG of the fewest bits per pixel that hold the indices (a 16-colour 20000x20000
/// picture is 200 MB of pixel data instead of 1.2 GB); without one it is 8-bit RGB.
/// `message` receives the reason on failure.
CIDStatus cid_test_write_png(const char *path, uint32_t width, uint32_t height,
                             const uint8_t *_Nullable palette, uint32_t palette_count, CIDTestRowFiller fill,
                             void *_Nullable context, char *message, size_t message_capacity);

/// Writes a baseline JPEG (4:2:0, `quality` 1-100) row by row.
CIDStatus cid_test_write_jpeg(const char *path, uint32_t width, uint32_t height, int quality,
                              CIDTestRowFiller fill, void *_Nullable context, char *message,
                              size_t message_capacity);

#ifdef __cplusplus
}
#endif

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

#endif
