// Streaming PNG and JPEG decoding for pictures too large for ffmpeg.
//
// ffmpeg refuses pictures over about 16000x16000 pixels and decodes every picture whole. This
// library reads a PNG or JPEG one row of 8-bit RGB at a time, so KinoraMedia can shrink a
// 20000x20000 picture while holding one row of it. JPEGs are decoded at 1/2, 1/4 or 1/8 scale
// (libjpeg's DCT scaling) when that is still at least the size asked for.
//
// libpng and libjpeg never print or exit here: their errors come back as a status and a short
// message (see cid_status and cid_message), their warnings are dropped.
#ifndef CIMAGEDECODE_H
#define CIMAGEDECODE_H

#include <stddef.h>
#include <stdint.h>

// Nullability is for Swift's importer (clang); other compilers see plain pointers.
#if defined(__clang__)
#pragma clang assume_nonnull begin
#else
#define _Nullable
#endif

#ifdef __cplusplus
extern "C" {
#endif

/// What a file holds, from its first bytes.
typedef enum CIDFormat {
    CID_FORMAT_OTHER = 0,
    CID_FORMAT_PNG = 1,
    CID_FORMAT_JPEG = 2,
} CIDFormat;

/// How a call went. Every failure also sets a message (cid_message).
typedef enum CIDStatus {
    CID_OK = 0,
    /// The file could not be opened or read (the message has the system's reason).
    CID_ERROR_OPEN = 1,
    /// The file is neither a PNG nor a JPEG.
    CID_ERROR_FORMAT = 2,
    /// The picture's data is damaged (libpng's or libjpeg's words in the message).
    CID_ERROR_DAMAGED = 3,
    /// The file ends before the picture does.
    CID_ERROR_TRUNCATED = 4,
    /// The picture can only be decoded whole, which needs more than CID_WHOLE_PICTURE_BUDGET.
    CID_ERROR_TOO_LARGE = 5,
    /// The library could not allocate what it needed.
    CID_ERROR_MEMORY = 6,
    /// The calls were made out of order, or a buffer is too small.
    CID_ERROR_USAGE = 7,
} CIDStatus;

/// The most memory a decode may hold for a picture that cannot be streamed row by row (a
/// progressive JPEG keeps all its DCT coefficients, 128 bytes per 8x8 block of each component).
#define CID_WHOLE_PICTURE_BUDGET ((uint64_t)192 << 20)

/// What the header of a PNG or JPEG says.
typedef struct CIDHeader {
    CIDFormat format;
    /// Stored size in pixels.
    uint32_t width;
    uint32_t height;
    /// Pixel aspect as ffmpeg reads it: pHYs x:y for PNG, JFIF density x:y for JPEG; 0:0 unknown.
    uint32_t aspect_numerator;
    uint32_t aspect_denominator;
    /// 1 for an interlaced (Adam7) PNG or a progressive (multi-scan) JPEG.
    int interlaced;
    /// Bytes a decoder must hold for the whole picture at full scale (0 when rows stream).
    uint64_t whole_picture_bytes;
    /// 1 when cid_start will decode it within bounded memory (non-interlaced PNG; JPEG whose
    /// whole-picture needs fit CID_WHOLE_PICTURE_BUDGET).
    int streams_within_budget;
    /// How the stored rows are turned to be shown upright: the EXIF Orientation tag (1-8) of a
    /// JPEG's first Exif APP1 segment, 1 when it has none (and always for a PNG). Rows come out
    /// as stored; turning them is the caller's.
    uint32_t orientation;
} CIDHeader;

/// An open picture file: header read, rows not yet started.
typedef struct CIDImage CIDImage;

/// Opens `path` and reads its header. Returns NULL only when memory runs out; otherwise check
/// cid_status (and cid_message) before anything else, and always cid_close it.
CIDImage *_Nullable cid_open(const char *path);

/// CID_OK, or why the last call failed (once failed, an image stays failed).
CIDStatus cid_status(const CIDImage *image);

/// A short, lower-case reason for the failure ("" when there is none). Owned by the image.
const char *cid_message(const CIDImage *image);

/// The header read by cid_open (zeroed when it failed).
CIDHeader cid_header(const CIDImage *image);

/// Starts decoding so that rows are at least `min_width` x `min_height` (a JPEG is scaled down
/// by 1/2, 1/4 or 1/8 while that holds; a PNG is always full size). Refuses an interlaced PNG and
/// a JPEG whose whole-picture needs exceed CID_WHOLE_PICTURE_BUDGET with CID_ERROR_TOO_LARGE.
CIDStatus cid_start(CIDImage *image, uint32_t min_width, uint32_t min_height);

/// The width of the rows cid_read_row gives (after cid_start).
uint32_t cid_row_width(const CIDImage *image);

/// How many rows cid_read_row gives (after cid_start).
uint32_t cid_row_count(const CIDImage *image);

/// Fills `rgb` (at least cid_row_width * 3 bytes, `capacity`) with the next row as packed
/// 8-bit RGB. Alpha is dropped as ffmpeg drops it (not composited); 16-bit samples are scaled.
CIDStatus cid_read_row(CIDImage *image, uint8_t *rgb, size_t capacity);

/// The EXIF Orientation tag (1-8) in the payload of a JPEG APP1 segment (`data`, `length` bytes
/// after the segment's length field: "Exif", two padding bytes, then a TIFF header and IFD0), or 0
/// when the payload is not Exif, has no Orientation in IFD0, or gives a value outside 1-8. Every
/// offset is checked against `length`, so any bytes at all are safe to pass.
uint32_t cid_exif_orientation(const uint8_t *data, size_t length);

/// Closes the file and frees everything. Accepts NULL.
void cid_close(CIDImage *_Nullable image);

#ifdef __cplusplus
}
#endif

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

// The JPEG encoder for embedded pictures lives beside the decoder, linked to the same libjpeg.
#include "CJPEGEncode.h"

#endif
