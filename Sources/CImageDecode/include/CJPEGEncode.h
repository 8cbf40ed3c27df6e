// In-memory JPEG encoding of 8-bit RGB pictures (libjpeg), for pictures embedded in documents: the
// PDF storyboard hands cairo each panel's frame as a JPEG, so a 2,000-shot PDF stays small.
//
// libjpeg never prints or exits here: a failure returns 0 and nothing to free.
#ifndef CJPEGENCODE_H
#define CJPEGENCODE_H

#include <stddef.h>
#include <stdint.h>

#if defined(__clang__)
#pragma clang assume_nonnull begin
#endif

#ifdef __cplusplus
extern "C" {
#endif

/// Encodes `width` x `height` pixels of packed RGB (3 bytes a pixel, rows top to bottom) as a
/// baseline JPEG at `quality` (1–100). On success returns 1 and sets *output to a buffer of
/// *length bytes that the caller frees with cid_jpeg_free; on failure returns 0.
int cid_encode_jpeg(const uint8_t *rgb, uint32_t width, uint32_t height, int quality,
                    uint8_t *_Nullable *_Nonnull output, size_t *length);

/// Frees a buffer cid_encode_jpeg returned.
void cid_jpeg_free(uint8_t *_Nullable buffer);

#ifdef __cplusplus
}
#endif

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

#endif
