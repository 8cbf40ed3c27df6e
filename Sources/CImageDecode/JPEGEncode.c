// In-memory JPEG encoding with libjpeg. See CJPEGEncode.h.
//
// libjpeg reports errors through a callback that must not return; ours longjmps back to the
// setjmp in cid_encode_jpeg, which then frees what libjpeg allocated.

#include "CJPEGEncode.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include <jpeglib.h>

/// libjpeg's error manager with the way back to cid_encode_jpeg.
struct CIDEncodeErrors {
    struct jpeg_error_mgr base;
    jmp_buf jump;
};

static void cid_encode_error_exit(j_common_ptr info) {
    struct CIDEncodeErrors *errors = (struct CIDEncodeErrors *)info->err;
    longjmp(errors->jump, 1);
}

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
    // volatile: read after a longjmp.
    unsigned char *volatile buffer = NULL;
    unsigned long volatile size = 0;
    jpeg.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = cid_encode_error_exit;
    errors.base.emit_message = cid_encode_quiet;
    if (setjmp(errors.jump)) {
        jpeg_destroy_compress(&jpeg);
        free(buffer);
        return 0;
    }
    jpeg_create_compress(&jpeg);
    jpeg_mem_dest(&jpeg, (unsigned char **)&buffer, (unsigned long *)&size);
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
    *output = buffer;
    *length = size;
    return 1;
}

void cid_jpeg_free(uint8_t *buffer) { free(buffer); }
