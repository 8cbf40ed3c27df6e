// Test support: row-by-row PNG and JPEG writers for pictures larger than ffmpeg will encode.
// Declared in CTestPictures.h. Errors longjmp back here, never exit.

#include "CTestPictures.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

/// Everything a write needs across a longjmp, on the heap so none of it is indeterminate after.
struct CIDWriter {
    FILE *file;
    uint8_t *row;
    jmp_buf jump;
    char *message;
    size_t message_capacity;
    png_structp png;
    png_infop png_info;
    struct jpeg_error_mgr jpeg_errors;
    struct jpeg_compress_struct jpeg;
    int jpeg_created;
};

static struct CIDWriter *cid_writer_open(const char *path, uint32_t width, char *message,
                                         size_t message_capacity, CIDStatus *status) {
    if (message_capacity > 0) message[0] = 0;
    struct CIDWriter *writer = calloc(1, sizeof *writer);
    if (writer != NULL) writer->row = malloc((size_t)width * 3 + 1);
    if (writer == NULL || writer->row == NULL) {
        if (writer != NULL) free(writer);
        snprintf(message, message_capacity, "not enough memory");
        *status = CID_ERROR_MEMORY;
        return NULL;
    }
    writer->message = message;
    writer->message_capacity = message_capacity;
    writer->file = fopen(path, "wbe");
    if (writer->file == NULL) {
        snprintf(message, message_capacity, "%s", strerror(errno));
        free(writer->row);
        free(writer);
        *status = CID_ERROR_OPEN;
        return NULL;
    }
    *status = CID_OK;
    return writer;
}

/// Frees the writer; returns `status`, or CID_ERROR_OPEN when closing the file fails.
static CIDStatus cid_writer_close(struct CIDWriter *writer, CIDStatus status) {
    if (writer->png != NULL) png_destroy_write_struct(&writer->png, &writer->png_info);
    if (writer->jpeg_created) jpeg_destroy_compress(&writer->jpeg);
    if (fclose(writer->file) != 0 && status == CID_OK) {
        snprintf(writer->message, writer->message_capacity, "%s", strerror(errno));
        status = CID_ERROR_OPEN;
    }
    free(writer->row);
    free(writer);
    return status;
}

static void cid_writer_png_error(png_structp png, png_const_charp text) {
    struct CIDWriter *writer = png_get_error_ptr(png);
    snprintf(writer->message, writer->message_capacity, "libpng: %s", text);
    longjmp(writer->jump, 1);
}

static void cid_writer_png_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

/// The fewest bits per pixel that index `count` palette entries.
static int cid_palette_depth(uint32_t count) {
    if (count <= 2) return 1;
    if (count <= 4) return 2;
    if (count <= 16) return 4;
    return 8;
}

CIDStatus cid_test_write_png(const char *path, uint32_t width, uint32_t height, const uint8_t *palette,
                             uint32_t palette_count, CIDTestRowFiller fill, void *context, char *message,
                             size_t message_capacity) {
    if (palette != NULL && (palette_count < 1 || palette_count > 256)) {
        snprintf(message, message_capacity, "a palette holds 1 to 256 colours, not %u", palette_count);
        return CID_ERROR_USAGE;
    }
    CIDStatus status = CID_OK;
    struct CIDWriter *writer = cid_writer_open(path, width, message, message_capacity, &status);
    if (writer == NULL) return status;
    if (setjmp(writer->jump)) return cid_writer_close(writer, CID_ERROR_DAMAGED);
    writer->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, writer, cid_writer_png_error,
                                          cid_writer_png_warning);
    if (writer->png == NULL) return cid_writer_close(writer, CID_ERROR_MEMORY);
    writer->png_info = png_create_info_struct(writer->png);
    if (writer->png_info == NULL) return cid_writer_close(writer, CID_ERROR_MEMORY);
    png_init_io(writer->png, writer->file);
    if (palette != NULL) {
        png_set_IHDR(writer->png, writer->png_info, width, height, cid_palette_depth(palette_count),
                     PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                     PNG_FILTER_TYPE_DEFAULT);
        png_color colours[256];
        for (uint32_t index = 0; index < palette_count; index++) {
            colours[index].red = palette[index * 3];
            colours[index].green = palette[index * 3 + 1];
            colours[index].blue = palette[index * 3 + 2];
        }
        png_set_PLTE(writer->png, writer->png_info, colours, (int)palette_count);
    } else {
        png_set_IHDR(writer->png, writer->png_info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    }
    png_set_filter(writer->png, 0, PNG_FILTER_NONE);
    png_set_compression_level(writer->png, 1);
    png_write_info(writer->png, writer->png_info);
    // The filler gives one index per byte; libpng packs them to the palette's depth.
    if (palette != NULL) png_set_packing(writer->png);
    for (uint32_t row = 0; row < height; row++) {
        fill(context, row, writer->row);
        png_write_row(writer->png, writer->row);
    }
    png_write_end(writer->png, NULL);
    return cid_writer_close(writer, CID_OK);
}

static void cid_writer_jpeg_error_exit(j_common_ptr info) {
    // The error manager is a field of the writer: step back from it to the writer.
    struct CIDWriter *writer =
        (struct CIDWriter *)((char *)info->err - offsetof(struct CIDWriter, jpeg_errors));
    char text[JMSG_LENGTH_MAX];
    info->err->format_message(info, text);
    snprintf(writer->message, writer->message_capacity, "libjpeg: %s", text);
    longjmp(writer->jump, 1);
}

static void cid_writer_jpeg_output_message(j_common_ptr info) {
    (void)info;
}

CIDStatus cid_test_write_jpeg(const char *path, uint32_t width, uint32_t height, int quality,
                              CIDTestRowFiller fill, void *context, char *message, size_t message_capacity) {
    CIDStatus status = CID_OK;
    struct CIDWriter *writer = cid_writer_open(path, width, message, message_capacity, &status);
    if (writer == NULL) return status;
    if (setjmp(writer->jump)) return cid_writer_close(writer, CID_ERROR_DAMAGED);
    writer->jpeg.err = jpeg_std_error(&writer->jpeg_errors);
    writer->jpeg_errors.error_exit = cid_writer_jpeg_error_exit;
    writer->jpeg_errors.output_message = cid_writer_jpeg_output_message;
    jpeg_create_compress(&writer->jpeg);
    writer->jpeg_created = 1;
    jpeg_stdio_dest(&writer->jpeg, writer->file);
    writer->jpeg.image_width = width;
    writer->jpeg.image_height = height;
    writer->jpeg.input_components = 3;
    writer->jpeg.in_color_space = JCS_RGB;
    jpeg_set_defaults(&writer->jpeg);
    jpeg_set_quality(&writer->jpeg, quality, TRUE);
    jpeg_start_compress(&writer->jpeg, TRUE);
    for (uint32_t row = 0; row < height; row++) {
        fill(context, row, writer->row);
        JSAMPROW rows[1] = {writer->row};
        jpeg_write_scanlines(&writer->jpeg, rows, 1);
    }
    jpeg_finish_compress(&writer->jpeg);
    return cid_writer_close(writer, CID_OK);
}
