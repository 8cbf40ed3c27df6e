// Starts child processes that die with Kinora, however Kinora ends (even `kill -9`).
//
// posix_spawn cannot ask the kernel to kill a child when its parent dies; Linux's
// prctl(PR_SET_PDEATHSIG) can, but only from inside the child, between fork and exec. This shim
// forks, sets the parent-death signal to SIGKILL, checks that the parent is still the one that
// forked (closing the race where it died before the prctl), and execs, with everything KinoraMedia's
// Subprocess used to ask posix_spawn for: a process group of its own, the given pipes as fds 0-2
// (/dev/null where none is given), SIGPIPE back to its default action, no signal blocked.
//
// The kernel sends the parent-death signal when the *thread* that forked ends, not the process, so
// every fork happens on one thread the shim starts and never ends: children die with the process,
// never with whichever worker thread happened to start them.
#ifndef CSPAWN_H
#define CSPAWN_H

#include <sys/types.h>

#if defined(__clang__)
#pragma clang assume_nonnull begin
#else
#define _Nullable
#endif

#ifdef __cplusplus
extern "C" {
#endif

/// Starts `path` with `argv` and `envp` (NULL-terminated arrays) in a new process group.
///
/// `stdin_fd` and `stdout_fd` become the child's fds 0 and 1 (-1: /dev/null); `stderr_fd` becomes
/// fd 2. Every other descriptor is left to its close-on-exec flag, as posix_spawn does. Returns 0
/// and the child's pid in `*pid`, or an errno value: the fork's, or the exec's (then the child has
/// already been reaped), as posix_spawn reports them.
int kinora_spawn(
    const char *path, char *const _Nullable argv[], char *const _Nullable envp[],
    int stdin_fd, int stdout_fd, int stderr_fd, pid_t *pid);

#ifdef __cplusplus
}
#endif

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

#endif
