// libchafa for Swift (Debian's 1.12). Its headers need glib's include paths, which pkg-config
// supplies; macros Kinora needs are wrapped in static inline kinora_* functions.
#ifndef KINORA_CCHAFA_SHIM_H
#define KINORA_CCHAFA_SHIM_H

#include <chafa.h>

/// The symbol classes for block pictures: half and quadrant blocks and space (U+2580–U+259F), which
/// every terminal font draws; CHAFA_SYMBOL_TAG_* are enum values, combined here once.
static inline ChafaSymbolTags kinora_chafa_block_tags(void) {
    return (ChafaSymbolTags)(CHAFA_SYMBOL_TAG_BLOCK | CHAFA_SYMBOL_TAG_SPACE);
}

/// Frees a GString and returns nothing (g_string_free's result must be ignored when freeing data).
static inline void kinora_gstring_free(GString *string) { (void)g_string_free(string, TRUE); }

#endif
