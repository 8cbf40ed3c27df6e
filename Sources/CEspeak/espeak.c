#include "CEspeak.h"

#include <dlfcn.h>
#include <espeak-ng/speak_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The library's entry points, found with dlsym: Kinora runs without espeak-ng, only scratch voices need it.
static int (*p_initialize)(espeak_AUDIO_OUTPUT, int, const char *, int);
static void (*p_set_callback)(t_espeak_callback *);
static espeak_ERROR (*p_set_voice)(const char *);
static espeak_ERROR (*p_set_voice_properties)(espeak_VOICE *);
static espeak_ERROR (*p_set_parameter)(espeak_PARAMETER, int, int);
static espeak_ERROR (*p_synth)(const void *, size_t, unsigned int, espeak_POSITION_TYPE, unsigned int,
                               unsigned int, unsigned int *, void *);
static espeak_ERROR (*p_synchronize)(void);
static const char *(*p_info)(const char **);

static int sample_rate = 0;
static char load_error[256];

// The samples of the line being spoken; the callback appends to them.
static short *buffer = NULL;
static size_t buffer_count = 0;
static size_t buffer_capacity = 0;
static int buffer_failed = 0;

static int collect(short *wav, int count, espeak_EVENT *events) {
    (void)events;
    if (wav == NULL || count <= 0 || buffer_failed) return 0;
    if (buffer_count + (size_t)count > buffer_capacity) {
        size_t capacity = buffer_capacity ? buffer_capacity : 65536;
        while (capacity < buffer_count + (size_t)count) capacity *= 2;
        short *grown = realloc(buffer, capacity * sizeof(short));
        if (grown == NULL) {
            buffer_failed = 1;
            return 1;  // stop synthesis
        }
        buffer = grown;
        buffer_capacity = capacity;
    }
    memcpy(buffer + buffer_count, wav, (size_t)count * sizeof(short));
    buffer_count += (size_t)count;
    return 0;
}

static void *find(void *library, const char *name, int *missing) {
    void *symbol = dlsym(library, name);
    if (symbol == NULL) *missing = 1;
    return symbol;
}

int kinora_espeak_load(char *error, size_t error_size) {
    if (sample_rate > 0) return sample_rate;
    if (load_error[0] != 0) {
        snprintf(error, error_size, "%s", load_error);
        return -1;
    }
    // KINORA_ESPEAK_LIBRARY names another build of the library (a path or a soname).
    const char *name = getenv("KINORA_ESPEAK_LIBRARY");
    void *library = dlopen(name && name[0] ? name : "libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL && name && name[0]) {
        snprintf(load_error, sizeof load_error,
                 "espeak-ng cannot be loaded from %s (KINORA_ESPEAK_LIBRARY names it): unset it to use the "
                 "installed one, or install espeak-ng with: sudo apt-get install espeak-ng",
                 name);
        snprintf(error, error_size, "%s", load_error);
        return -1;
    }
    if (library == NULL) {
        snprintf(load_error, sizeof load_error,
                 "espeak-ng is not installed (install it with: sudo apt-get install espeak-ng)");
        snprintf(error, error_size, "%s", load_error);
        return -1;
    }
    int missing = 0;
    p_initialize = (int (*)(espeak_AUDIO_OUTPUT, int, const char *, int))find(library, "espeak_Initialize", &missing);
    p_set_callback = (void (*)(t_espeak_callback *))find(library, "espeak_SetSynthCallback", &missing);
    p_set_voice = (espeak_ERROR(*)(const char *))find(library, "espeak_SetVoiceByName", &missing);
    p_set_voice_properties = (espeak_ERROR(*)(espeak_VOICE *))find(library, "espeak_SetVoiceByProperties", &missing);
    p_set_parameter = (espeak_ERROR(*)(espeak_PARAMETER, int, int))find(library, "espeak_SetParameter", &missing);
    p_synth = (espeak_ERROR(*)(const void *, size_t, unsigned int, espeak_POSITION_TYPE, unsigned int, unsigned int,
                               unsigned int *, void *))find(library, "espeak_Synth", &missing);
    p_synchronize = (espeak_ERROR(*)(void))find(library, "espeak_Synchronize", &missing);
    p_info = (const char *(*)(const char **))find(library, "espeak_Info", &missing);
    if (missing) {
        snprintf(load_error, sizeof load_error, "the installed libespeak-ng lacks functions Kinora needs");
        snprintf(error, error_size, "%s", load_error);
        return -1;
    }
    // Without DONT_EXIT, espeak-ng ends the whole process when its voice data cannot be read; a test
    // voice tells whether it really started.
    int rate = p_initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0 || p_set_voice("en") != EE_OK) {
        snprintf(load_error, sizeof load_error,
                 "espeak-ng could not start (its voice data is missing: reinstall espeak-ng-data)");
        snprintf(error, error_size, "%s", load_error);
        return -1;
    }
    p_set_callback(collect);
    sample_rate = rate;
    return sample_rate;
}

/// Chooses `voice` by name, else by language, as the espeak-ng command does.
static int choose_voice(const char *voice) {
    espeak_VOICE wanted;
    memset(&wanted, 0, sizeof wanted);
    wanted.languages = voice;
    return p_set_voice(voice) == EE_OK || p_set_voice_properties(&wanted) == EE_OK;
}

int kinora_espeak_has_voice(const char *voice) {
    char error[256];
    if (kinora_espeak_load(error, sizeof error) < 0) return -1;
    return choose_voice(voice);
}

int kinora_espeak_speak(const char *voice, int rate, int pitch, const char *text, short **samples,
                        size_t *count, char *error, size_t error_size) {
    if (kinora_espeak_load(error, error_size) < 0) return -1;
    if (!choose_voice(voice)) {
        snprintf(error, error_size, "espeak-ng has no voice \"%s\" (espeak-ng --voices lists them)", voice);
        return -1;
    }
    p_set_parameter(espeakRATE, rate, 0);
    p_set_parameter(espeakPITCH, pitch, 0);
    buffer = NULL;
    buffer_count = 0;
    buffer_capacity = 0;
    buffer_failed = 0;
    espeak_ERROR result =
        p_synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
    if (result == EE_OK) result = p_synchronize();
    if (result != EE_OK || buffer_failed) {
        free(buffer);
        buffer = NULL;
        snprintf(error, error_size, buffer_failed ? "out of memory while speaking" : "espeak-ng could not speak the line");
        return -1;
    }
    *samples = buffer;
    *count = buffer_count;
    buffer = NULL;
    return 0;
}

void kinora_espeak_free(short *samples) { free(samples); }

const char *kinora_espeak_version(void) {
    if (sample_rate <= 0 || p_info == NULL) return "";
    const char *version = p_info(NULL);
    return version ? version : "";
}
