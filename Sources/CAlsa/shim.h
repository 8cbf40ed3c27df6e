#include <alsa/asoundlib.h>

/// Drops ALSA's own error messages: it prints them on stderr, which is the studio's screen. Kinora
/// reports what failed itself.
static void kinora_alsa_silent(const char *file, int line, const char *function, int error, const char *format, ...) {
    (void)file;
    (void)line;
    (void)function;
    (void)error;
    (void)format;
}

/// Makes ALSA quiet for the whole process (Swift cannot write a variadic C callback).
static inline void kinora_alsa_quiet(void) { snd_lib_error_set_handler(kinora_alsa_silent); }
