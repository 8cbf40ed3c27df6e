#ifndef KINORA_CESPEAK_H
#define KINORA_CESPEAK_H

#include <stddef.h>

/// Loads libespeak-ng (at run time, so Kinora works without it) and starts it for synchronous synthesis.
/// Returns the sample rate (22050) or -1 with a reason in `error`. Safe to call again: loads once.
int kinora_espeak_load(char *error, size_t error_size);

/// Speaks `text` (UTF-8) with `voice` at `rate` words a minute and `pitch` 0–99 into mono 16-bit samples
/// at the rate `kinora_espeak_load` gave. On success returns 0 and sets `*samples` (free it with
/// `kinora_espeak_free`) and `*count`; otherwise returns -1 with a reason in `error`. Not reentrant:
/// callers hold one lock around it (espeak-ng keeps global state).
int kinora_espeak_speak(const char *voice, int rate, int pitch, const char *text, short **samples,
                        size_t *count, char *error, size_t error_size);

/// 1 when espeak-ng has `voice` (a name or a language), 0 when it does not, -1 when it cannot be loaded.
int kinora_espeak_has_voice(const char *voice);

/// Frees samples from `kinora_espeak_speak`.
void kinora_espeak_free(short *samples);

/// The library's version string (`1.51`), or "" before it is loaded.
const char *kinora_espeak_version(void);

#endif
