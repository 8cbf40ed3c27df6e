// In-memory JPEG encoding with libjpeg. See CJPEGEncode.h.
//
// libjpeg reports errors through a callback that must not return; ours longjmps back to the
// setjmp in cid_encode_jpeg, which then frees what libjpeg allocated. The output goes to a buffer of
// our own (not jpeg_mem_dest's, which hands its grown buffer back only when compression finishes,
// so an error part-way would leave the caller freeing a block libjpeg had already freed).

#include "CJPEGEncode.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>
#include <jerror.h>

/// libjpeg's error manager with the way back to cid_encode_jpeg.
struct CIDEncodeErrors {
    struct jpeg_error_mgr base;
    jmp_buf jump;
};

static void cid_encode_error_exit(j_common_ptr info) {
    struct CIDEncodeErrors *errors = (struct CIDEncodeErrors *)info->err;
    longjmp(errors->jump, 1);
}

/// A destination that grows one malloc'd buffer, always reachable from the error path.
struct CIDEncodeBuffer {
    struct jpeg_destination_mgr base;
    unsigned char *data;
    size_t capacity;
};

static void cid_buffer_init(j_compress_ptr jpeg) {
    struct CIDEncodeBuffer *dest = (struct CIDEncodeBuffer *)jpeg->dest;
    dest->base.next_output_byte = dest->data;
    dest->base.free_in_buffer = dest->capacity;
}

static boolean cid_buffer_grow(j_compress_ptr jpeg) {
    struct CIDEncodeBuffer *dest = (struct CIDEncodeBuffer *)jpeg->dest;
    size_t used = dest->capacity;
    unsigned char *grown = realloc(dest->data, dest->capacity * 2);
    if (grown == NULL) ERREXIT1(jpeg, JERR_OUT_OF_MEMORY, 10);
    dest->data = grown;
    dest->capacity *= 2;
    dest->base.next_output_byte = grown + used;
    dest->base.free_in_buffer = dest->capacity - used;
    return TRUE;
}

static void cid_buffer_term(j_compress_ptr jpeg) { (void)jpeg; }

static void cid_encode_quiet(j_common_ptr info, int level) {
    (void)info;
    (void)level;
}

int cid_encode_jpeg(const uint8_t *rgb, uint32_t width, uint32_t height, int quality,
                    uint8_t **output, size_t *length) {
    *output = NULL;
    *length = 0;
    if (width == 0 || height == 0 || width > 65500 || height > 65500) return 0;
    struct jpeg_compress_struct jpeg;
    struct CIDEncodeErrors errors;
    // On the heap and never reassigned after setjmp, so the error path frees whatever the buffer has
    // grown to (a local changed between setjmp and longjmp would be indeterminate).
    struct CIDEncodeBuffer *const dest = calloc(1, sizeof(struct CIDEncodeBuffer));
    if (dest == NULL) return 0;
    dest->capacity = 65536;
    dest->data = malloc(dest->capacity);
    if (dest->data == NULL) {
        free(dest);
        return 0;
    }
    dest->base.init_destination = cid_buffer_init;
    dest->base.empty_output_buffer = cid_buffer_grow;
    dest->base.term_destination = cid_buffer_term;
    jpeg.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = cid_encode_error_exit;
    errors.base.emit_message = cid_encode_quiet;
    if (setjmp(errors.jump)) {
        jpeg_destroy_compress(&jpeg);
        free(dest->data);
        free(dest);
        return 0;
    }
    jpeg_create_compress(&jpeg);
    jpeg.dest = &dest->base;
    jpeg.image_width = width;
    jpeg.image_height = height;
    jpeg.input_components = 3;
    jpeg.in_color_space = JCS_RGB;
    jpeg_set_defaults(&jpeg);
    jpeg_set_quality(&jpeg, quality < 1 ? 1 : (quality > 100 ? 100 : quality), TRUE);
    jpeg_start_compress(&jpeg, TRUE);
    while (jpeg.next_scanline < jpeg.image_height) {
        JSAMPROW row = (JSAMPROW)(rgb + (size_t)jpeg.next_scanline * width * 3);
        jpeg_write_scanlines(&jpeg, &row, 1);
    }
    jpeg_finish_compress(&jpeg);
    jpeg_destroy_compress(&jpeg);
    *output = dest->data;
    *length = dest->capacity - dest->base.free_in_buffer;
    free(dest);
    return 1;
}

void cid_jpeg_free(uint8_t *buffer) { free(buffer); }
