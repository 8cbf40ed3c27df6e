// cairo and pango for Swift (Debian's libcairo2-dev and libpango1.0-dev): the PDF storyboard draws
// its pages with cairo's PDF surface and sets its text with pango, so the text is real and
// searchable. pkg-config pangocairo supplies the include paths; the few macros Kinora needs are
// wrapped in static inline kinora_* functions.
#ifndef KINORA_CCAIRO_SHIM_H
#define KINORA_CCAIRO_SHIM_H

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

/// Pango's units per point (PANGO_SCALE is a macro).
static inline int kinora_pango_scale(void) { return PANGO_SCALE; }

/// Releases a GObject (a PangoLayout); g_object_unref takes a gpointer, which Swift cannot pass
/// a typed pointer to without a cast.
static inline void kinora_pango_layout_free(PangoLayout *layout) { g_object_unref(layout); }

/// Sets a layout's text from Pango markup; returns whether the markup parsed (a layout with text
/// that does not parse is left empty rather than showing tags).
static inline int kinora_pango_layout_set_markup(PangoLayout *layout, const char *markup) {
    GError *error = NULL;
    if (!pango_parse_markup(markup, -1, 0, NULL, NULL, NULL, &error)) {
        g_clear_error(&error);
        pango_layout_set_text(layout, "", 0);
        return 0;
    }
    pango_layout_set_markup(layout, markup, -1);
    return 1;
}

#endif
