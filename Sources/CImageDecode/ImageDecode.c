// Streaming PNG (libpng) and JPEG (libjpeg) decoding to 8-bit RGB rows. See CImageDecode.h.
//
// Both libraries report errors through callbacks that must not return; ours record a message
// and longjmp back to the setjmp in whichever public function called into the library. The
// image lives on the heap, so nothing a longjmp could leave indeterminate is read afterwards.

#include "CImageDecode.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>

enum { CID_MESSAGE_CAPACITY = 256 };

/// libjpeg's error manager, with a way back to the image it belongs to.
struct CIDJPEGErrors {
    struct jpeg_error_mgr base;
    CIDImage *image;
};

struct CIDImage {
    FILE *file;
    CIDStatus status;
    char message[CID_MESSAGE_CAPACITY];
    CIDHeader header;
    int started;
    /// Set by the PNG read callback when the file ran out, so the error reads as truncation.
    int hit_end_of_file;
    uint32_t row_width;
    uint32_t row_count;
    uint32_t rows_read;
    jmp_buf jump;

    png_structp png;
    png_infop png_info;

    struct CIDJPEGErrors jpeg_errors;
    struct jpeg_decompress_struct jpeg;
    int jpeg_created;
    /// One row of CMYK samples, for JPEGs converted to RGB here (libjpeg cannot).
    uint8_t *cmyk_row;
    /// Adobe CMYK JPEGs store inverted samples.
    int cmyk_inverted;
};

/// Records the first failure; later ones would only describe its consequences.
static void cid_fail(CIDImage *image, CIDStatus status, const char *format, ...) {
    if (image->status != CID_OK) return;
    image->status = status;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(image->message, sizeof image->message, format, arguments);
    va_end(arguments);
}

/// The truncation message, with the row reached when rows were being read.
static void cid_fail_truncated(CIDImage *image) {
    if (image->started) {
        cid_fail(image, CID_ERROR_TRUNCATED, "the file ends before the picture does (at row %u of %u)",
                 image->rows_read + 1, image->row_count);
    } else {
        cid_fail(image, CID_ERROR_TRUNCATED, "the file ends inside the picture's header");
    }
}

// ---- PNG ------------------------------------------------------------------------------------

static void cid_png_error(png_structp png, png_const_charp text) {
    CIDImage *image = png_get_error_ptr(png);
    if (image->hit_end_of_file) {
        cid_fail_truncated(image);
    } else {
        cid_fail(image, CID_ERROR_DAMAGED, "libpng cannot decode it: %s", text);
    }
    longjmp(image->jump, 1);
}

static void cid_png_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

static void cid_png_read(png_structp png, png_bytep data, size_t length) {
    CIDImage *image = png_get_io_ptr(png);
    if (fread(data, 1, length, image->file) == length) return;
    if (feof(image->file)) {
        image->hit_end_of_file = 1;
        png_error(png, "end of file");
    }
    png_error(png, strerror(errno));
}

/// Reads the PNG header (the 8-byte signature has been read already).
static void cid_open_png(CIDImage *image) {
    if (setjmp(image->jump)) return;
    image->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, image, cid_png_error, cid_png_warning);
    if (image->png == NULL) {
        cid_fail(image, CID_ERROR_MEMORY, "not enough memory to read the PNG");
        return;
    }
    image->png_info = png_create_info_struct(image->png);
    if (image->png_info == NULL) {
        cid_fail(image, CID_ERROR_MEMORY, "not enough memory to read the PNG");
        return;
    }
    png_set_read_fn(image->png, image, cid_png_read);
    png_set_sig_bytes(image->png, 8);
    png_read_info(image->png, image->png_info);

    png_uint_32 width = 0, height = 0;
    int depth = 0, color = 0, interlace = 0;
    png_get_IHDR(image->png, image->png_info, &width, &height, &depth, &color, &interlace, NULL, NULL);
    CIDHeader *header = &image->header;
    header->format = CID_FORMAT_PNG;
    header->width = width;
    header->height = height;
    png_uint_32 x_per_unit = 0, y_per_unit = 0;
    int unit = 0;
    if (png_get_pHYs(image->png, image->png_info, &x_per_unit, &y_per_unit, &unit) != 0 && x_per_unit > 0 &&
        y_per_unit > 0) {
        header->aspect_numerator = x_per_unit;
        header->aspect_denominator = y_per_unit;
    }
    header->interlaced = interlace != PNG_INTERLACE_NONE;
    header->whole_picture_bytes = header->interlaced ? (uint64_t)width * height * 3 : 0;
    header->streams_within_budget = !header->interlaced;
    header->orientation = 1;
}

/// Sets libpng's transformations so that every row comes out as 8-bit RGB.
static void cid_start_png(CIDImage *image) {
    if (setjmp(image->jump)) return;
    png_structp png = image->png;
    png_infop info = image->png_info;
    int color = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (depth == 16) png_set_scale_16(png);
    // ffmpeg's conversion to rgb24 drops alpha; so does this (palette transparency included).
    if ((color & PNG_COLOR_MASK_ALPHA) != 0 || png_get_valid(png, info, PNG_INFO_tRNS) != 0) {
        png_set_tRNS_to_alpha(png);
        png_set_strip_alpha(png);
    }
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)image->header.width * 3) {
        cid_fail(image, CID_ERROR_DAMAGED, "libpng cannot give its rows as 8-bit RGB");
        return;
    }
    image->row_width = image->header.width;
    image->row_count = image->header.height;
    image->started = 1;
}

static void cid_read_png_row(CIDImage *image, uint8_t *rgb) {
    if (setjmp(image->jump)) return;
    png_read_row(image->png, rgb, NULL);
}

// ---- EXIF -----------------------------------------------------------------------------------

enum {
    /// "Exif" and two padding bytes come before the TIFF header.
    CID_EXIF_PREFIX = 6,
    CID_TIFF_TAG_ORIENTATION = 0x0112,
    CID_TIFF_TYPE_SHORT = 3,
    CID_TIFF_TYPE_LONG = 4,
    CID_TIFF_ENTRY_BYTES = 12,
};

/// The 16-bit value at `at` in a TIFF of either byte order (the caller has checked the bounds).
static uint32_t cid_tiff_u16(const uint8_t *tiff, size_t at, int little) {
    return little ? (uint32_t)tiff[at] | (uint32_t)tiff[at + 1] << 8 : (uint32_t)tiff[at] << 8 | tiff[at + 1];
}

static uint32_t cid_tiff_u32(const uint8_t *tiff, size_t at, int little) {
    return little ? cid_tiff_u16(tiff, at, 1) | cid_tiff_u16(tiff, at + 2, 1) << 16
                  : cid_tiff_u16(tiff, at, 0) << 16 | cid_tiff_u16(tiff, at + 2, 0);
}

uint32_t cid_exif_orientation(const uint8_t *data, size_t length) {
    if (data == NULL || length < CID_EXIF_PREFIX + 8 || memcmp(data, "Exif", 4) != 0) return 0;
    const uint8_t *tiff = data + CID_EXIF_PREFIX;
    size_t size = length - CID_EXIF_PREFIX;
    int little;
    if (tiff[0] == 'I' && tiff[1] == 'I') {
        little = 1;
    } else if (tiff[0] == 'M' && tiff[1] == 'M') {
        little = 0;
    } else {
        return 0;
    }
    if (cid_tiff_u16(tiff, 2, little) != 42) return 0;
    // Sizes in 64 bits: an offset near 4 GB plus an entry must not wrap around.
    uint64_t ifd = cid_tiff_u32(tiff, 4, little);
    if (ifd < 8 || ifd + 2 > size) return 0;
    uint64_t count = cid_tiff_u16(tiff, (size_t)ifd, little);
    for (uint64_t index = 0; index < count; index++) {
        uint64_t entry = ifd + 2 + index * CID_TIFF_ENTRY_BYTES;
        if (entry + CID_TIFF_ENTRY_BYTES > size) return 0;
        if (cid_tiff_u16(tiff, (size_t)entry, little) != CID_TIFF_TAG_ORIENTATION) continue;
        uint32_t type = cid_tiff_u16(tiff, (size_t)entry + 2, little);
        uint32_t values = cid_tiff_u32(tiff, (size_t)entry + 4, little);
        uint32_t value;
        // One value fits in the entry itself, left-justified in the file's byte order.
        if (type == CID_TIFF_TYPE_SHORT && values >= 1) {
            value = cid_tiff_u16(tiff, (size_t)entry + 8, little);
        } else if (type == CID_TIFF_TYPE_LONG && values == 1) {
            value = cid_tiff_u32(tiff, (size_t)entry + 8, little);
        } else {
            return 0;
        }
        return value >= 1 && value <= 8 ? value : 0;
    }
    return 0;
}

/// The orientation of a JPEG whose header has been read with its APP1 segments saved: that of
/// the first Exif segment, as ffmpeg reads it, else 1.
static uint32_t cid_jpeg_orientation(const struct jpeg_decompress_struct *jpeg) {
    for (jpeg_saved_marker_ptr marker = jpeg->marker_list; marker != NULL; marker = marker->next) {
        if (marker->marker != JPEG_APP0 + 1 || marker->data_length < 4 || memcmp(marker->data, "Exif", 4) != 0)
            continue;
        uint32_t orientation = cid_exif_orientation(marker->data, marker->data_length);
        return orientation != 0 ? orientation : 1;
    }
    return 1;
}

// ---- JPEG -----------------------------------------------------------------------------------

static CIDImage *cid_jpeg_owner(j_common_ptr info) {
    return ((struct CIDJPEGErrors *)info->err)->image;
}

static void cid_jpeg_error_exit(j_common_ptr info) {
    CIDImage *image = cid_jpeg_owner(info);
    char text[JMSG_LENGTH_MAX];
    info->err->format_message(info, text);
    if (info->err->msg_code == JERR_OUT_OF_MEMORY) {
        cid_fail(image, CID_ERROR_MEMORY, "libjpeg ran out of memory: %s", text);
    } else if (info->err->msg_code == JERR_NO_BACKING_STORE) {
        // max_memory_to_use was reached: libjpeg wanted to hold more of the picture than allowed.
        cid_fail(image, CID_ERROR_TOO_LARGE, "it must be decoded whole, which needs more than %llu MB",
                 (unsigned long long)(CID_WHOLE_PICTURE_BUDGET >> 20));
    } else if (info->err->msg_code == JERR_INPUT_EMPTY) {
        cid_fail_truncated(image);
    } else {
        cid_fail(image, CID_ERROR_DAMAGED, "libjpeg cannot decode it: %s", text);
    }
    longjmp(image->jump, 1);
}

/// Drops warnings ("corrupt data" ones included, as ffmpeg decodes through them), except the
/// end of the file arriving early: libjpeg would fill the rest with grey and call it a picture.
static void cid_jpeg_emit_message(j_common_ptr info, int level) {
    if (level < 0 && info->err->msg_code == JWRN_JPEG_EOF) {
        CIDImage *image = cid_jpeg_owner(info);
        cid_fail_truncated(image);
        longjmp(image->jump, 1);
    }
}

static void cid_jpeg_output_message(j_common_ptr info) {
    (void)info;
}

/// Bytes of DCT coefficients libjpeg keeps for a multi-scan JPEG (its whole-image buffer).
static uint64_t cid_jpeg_coefficient_bytes(const struct jpeg_decompress_struct *jpeg) {
    uint64_t total = 0;
    for (int index = 0; index < jpeg->num_components; index++) {
        const jpeg_component_info *component = &jpeg->comp_info[index];
        uint64_t horizontal = component->h_samp_factor > 0 ? (uint64_t)component->h_samp_factor : 1;
        uint64_t vertical = component->v_samp_factor > 0 ? (uint64_t)component->v_samp_factor : 1;
        uint64_t columns = ((uint64_t)component->width_in_blocks + horizontal - 1) / horizontal * horizontal;
        uint64_t rows = ((uint64_t)component->height_in_blocks + vertical - 1) / vertical * vertical;
        total += columns * rows * sizeof(JBLOCK);
    }
    return total;
}

/// Reads the JPEG header (the file is back at its start).
static void cid_open_jpeg(CIDImage *image) {
    if (setjmp(image->jump)) return;
    image->jpeg.err = jpeg_std_error(&image->jpeg_errors.base);
    image->jpeg_errors.image = image;
    image->jpeg_errors.base.error_exit = cid_jpeg_error_exit;
    image->jpeg_errors.base.emit_message = cid_jpeg_emit_message;
    image->jpeg_errors.base.output_message = cid_jpeg_output_message;
    jpeg_create_decompress(&image->jpeg);
    image->jpeg_created = 1;
    jpeg_stdio_src(&image->jpeg, image->file);
    // Exif lives in APP1; a segment holds at most 65533 bytes, so this keeps every one whole.
    jpeg_save_markers(&image->jpeg, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&image->jpeg, TRUE);

    CIDHeader *header = &image->header;
    header->format = CID_FORMAT_JPEG;
    header->width = image->jpeg.image_width;
    header->height = image->jpeg.image_height;
    if (image->jpeg.saw_JFIF_marker && image->jpeg.X_density > 0 && image->jpeg.Y_density > 0) {
        header->aspect_numerator = image->jpeg.X_density;
        header->aspect_denominator = image->jpeg.Y_density;
    }
    header->interlaced = jpeg_has_multiple_scans(&image->jpeg) != 0;
    header->whole_picture_bytes = header->interlaced ? cid_jpeg_coefficient_bytes(&image->jpeg) : 0;
    header->streams_within_budget = header->whole_picture_bytes <= CID_WHOLE_PICTURE_BUDGET;
    header->orientation = cid_jpeg_orientation(&image->jpeg);
}

/// The smallest of libjpeg's 1/8, 2/8, 4/8 and 8/8 scales that still gives `min_width` x `min_height`.
static unsigned cid_jpeg_scale_numerator(const CIDHeader *header, uint32_t min_width, uint32_t min_height) {
    for (unsigned numerator = 1; numerator < 8; numerator *= 2) {
        // libjpeg rounds scaled sizes up (jdiv_round_up).
        uint64_t width = ((uint64_t)header->width * numerator + 7) / 8;
        uint64_t height = ((uint64_t)header->height * numerator + 7) / 8;
        if (width >= min_width && height >= min_height) return numerator;
    }
    return 8;
}

static void cid_start_jpeg(CIDImage *image, uint32_t min_width, uint32_t min_height) {
    if (setjmp(image->jump)) return;
    struct jpeg_decompress_struct *jpeg = &image->jpeg;
    jpeg->scale_num = cid_jpeg_scale_numerator(&image->header, min_width, min_height);
    jpeg->scale_denom = 8;
    int cmyk = jpeg->jpeg_color_space == JCS_CMYK || jpeg->jpeg_color_space == JCS_YCCK;
    jpeg->out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    // A guard behind the budget check: past this libjpeg fails instead of allocating more.
    jpeg->mem->max_memory_to_use = (long)(CID_WHOLE_PICTURE_BUDGET + ((uint64_t)32 << 20));
    jpeg_start_decompress(jpeg);
    if (jpeg->output_components != (cmyk ? 4 : 3)) {
        cid_fail(image, CID_ERROR_DAMAGED, "libjpeg cannot give its rows as 8-bit RGB");
        return;
    }
    if (cmyk) {
        image->cmyk_row = malloc((size_t)jpeg->output_width * 4);
        if (image->cmyk_row == NULL) {
            cid_fail(image, CID_ERROR_MEMORY, "not enough memory for one row of the JPEG");
            return;
        }
        image->cmyk_inverted = jpeg->saw_Adobe_marker;
    }
    image->row_width = jpeg->output_width;
    image->row_count = jpeg->output_height;
    image->started = 1;
}

static void cid_cmyk_to_rgb(const uint8_t *cmyk, uint8_t *rgb, uint32_t width, int inverted) {
    for (uint32_t x = 0; x < width; x++) {
        unsigned k = inverted ? cmyk[3] : 255u - cmyk[3];
        for (int channel = 0; channel < 3; channel++) {
            unsigned ink = inverted ? cmyk[channel] : 255u - cmyk[channel];
            rgb[channel] = (uint8_t)((ink * k + 127) / 255);
        }
        cmyk += 4;
        rgb += 3;
    }
}

static void cid_read_jpeg_row(CIDImage *image, uint8_t *rgb) {
    if (setjmp(image->jump)) return;
    JSAMPROW row = image->cmyk_row != NULL ? image->cmyk_row : rgb;
    if (jpeg_read_scanlines(&image->jpeg, &row, 1) != 1) {
        cid_fail_truncated(image);
        return;
    }
    if (image->cmyk_row != NULL) cid_cmyk_to_rgb(image->cmyk_row, rgb, image->row_width, image->cmyk_inverted);
}

// ---- Public ---------------------------------------------------------------------------------

CIDImage *cid_open(const char *path) {
    CIDImage *image = calloc(1, sizeof *image);
    if (image == NULL) return NULL;
    // "e": close on exec, so the ffmpeg children KinoraMedia starts never inherit it.
    image->file = fopen(path, "rbe");
    if (image->file == NULL) {
        cid_fail(image, CID_ERROR_OPEN, "%s", strerror(errno));
        return image;
    }
    unsigned char signature[8] = {0};
    size_t got = fread(signature, 1, sizeof signature, image->file);
    if (got == sizeof signature && png_sig_cmp(signature, 0, sizeof signature) == 0) {
        cid_open_png(image);
    } else if (got >= 3 && signature[0] == 0xFF && signature[1] == 0xD8 && signature[2] == 0xFF) {
        rewind(image->file);
        cid_open_jpeg(image);
    } else if (ferror(image->file)) {
        cid_fail(image, CID_ERROR_OPEN, "%s", strerror(errno));
    } else {
        cid_fail(image, CID_ERROR_FORMAT, "it is not a PNG or JPEG file");
    }
    if (image->status != CID_OK) memset(&image->header, 0, sizeof image->header);
    return image;
}

CIDStatus cid_status(const CIDImage *image) {
    return image->status;
}

const char *cid_message(const CIDImage *image) {
    return image->message;
}

CIDHeader cid_header(const CIDImage *image) {
    return image->header;
}

CIDStatus cid_start(CIDImage *image, uint32_t min_width, uint32_t min_height) {
    if (image->status != CID_OK) return image->status;
    if (image->started) {
        cid_fail(image, CID_ERROR_USAGE, "decoding was started twice");
        return image->status;
    }
    const CIDHeader *header = &image->header;
    if (!header->streams_within_budget) {
        const char *kind = header->format == CID_FORMAT_PNG ? "an interlaced PNG" : "a progressive JPEG";
        cid_fail(image, CID_ERROR_TOO_LARGE, "it is %s, which must be decoded whole (about %llu MB)", kind,
                 (unsigned long long)((header->whole_picture_bytes + (1u << 20) - 1) >> 20));
        return image->status;
    }
    if (header->format == CID_FORMAT_PNG) {
        cid_start_png(image);
    } else {
        cid_start_jpeg(image, min_width, min_height);
    }
    return image->status;
}

uint32_t cid_row_width(const CIDImage *image) {
    return image->row_width;
}

uint32_t cid_row_count(const CIDImage *image) {
    return image->row_count;
}

CIDStatus cid_read_row(CIDImage *image, uint8_t *rgb, size_t capacity) {
    if (image->status != CID_OK) return image->status;
    if (!image->started || image->rows_read >= image->row_count) {
        cid_fail(image, CID_ERROR_USAGE, "no row is left to read");
        return image->status;
    }
    if (capacity < (size_t)image->row_width * 3) {
        cid_fail(image, CID_ERROR_USAGE, "the row buffer holds %zu bytes, not %zu", capacity,
                 (size_t)image->row_width * 3);
        return image->status;
    }
    if (image->header.format == CID_FORMAT_PNG) {
        cid_read_png_row(image, rgb);
    } else {
        cid_read_jpeg_row(image, rgb);
    }
    if (image->status == CID_OK) image->rows_read += 1;
    return image->status;
}

void cid_close(CIDImage *image) {
    if (image == NULL) return;
    if (image->png != NULL) {
        png_infopp info = image->png_info != NULL ? &image->png_info : NULL;
        png_destroy_read_struct(&image->png, info, NULL);
    }
    // jpeg_destroy never reports errors, so no jump target is needed.
    if (image->jpeg_created) jpeg_destroy_decompress(&image->jpeg);
    free(image->cmyk_row);
    if (image->file != NULL) fclose(image->file);
    free(image);
}
