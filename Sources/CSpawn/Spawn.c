// See CSpawn.h. Between fork and exec the child calls only async-signal-safe functions: the parent
// has other threads, whose locks (malloc's among them) may be held at the moment of the fork.
#define _GNU_SOURCE
#include "CSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

/// One call of kinora_spawn, handed to the spawning thread.
struct spawn_request {
    const char *path;
    char *const *argv;
    char *const *envp;
    int fds[3];
    pid_t pid;
    int error;
    int done;
};

// `call_lock` lets one request at a time through; `lock` guards `pending`, `done` and `started`.
static pthread_mutex_t call_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t posted = PTHREAD_COND_INITIALIZER;
static pthread_cond_t answered = PTHREAD_COND_INITIALIZER;
static struct spawn_request *pending;
static int started;

/// Tells the parent why the child could not become the program, and ends the child.
static void child_fail(int report, int code) {
    ssize_t ignored = write(report, &code, sizeof code);
    (void)ignored;
    _exit(127);
}

/// Moves `fd` above 2 (keeping it close-on-exec) when it is one of the standard descriptors, so
/// putting another pipe in place as 0, 1 or 2 cannot close it first.
static int child_lift(int fd, int report) {
    if (fd < 0 || fd > 2) return fd;
    int lifted = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (lifted < 0) child_fail(report, errno);
    return lifted;
}

/// The child between fork and exec; never returns.
static void child_main(const struct spawn_request *request, pid_t parent, int report) {
#ifdef __linux__
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) child_fail(report, errno);
    // The parent may have died before the prctl: then nobody will send the signal.
    if (getppid() != parent) _exit(127);
#else
    (void)parent;
#endif
    if (setpgid(0, 0) != 0) child_fail(report, errno);

    report = child_lift(report, report);
    int fds[3];
    for (int index = 0; index < 3; index++) fds[index] = child_lift(request->fds[index], report);
    for (int index = 0; index < 3; index++) {
        int source = fds[index];
        if (source < 0) {
            source = open("/dev/null", index == 0 ? O_RDONLY : O_WRONLY);
            if (source < 0) child_fail(report, errno);
        }
        // dup2 clears close-on-exec on the copy: the program keeps exactly 0, 1 and 2 of ours.
        if (source != index && dup2(source, index) < 0) child_fail(report, errno);
        if (fds[index] < 0 && source != index) close(source);
    }

    // Handlers of the parent's must not run here, and SIGPIPE gets its default action back (the
    // parent ignores it); other ignored signals stay ignored, as posix_spawn leaves them.
    struct sigaction fallback;
    fallback.sa_handler = SIG_DFL;
    fallback.sa_flags = 0;
    sigemptyset(&fallback.sa_mask);
    for (int number = 1; number < NSIG; number++) {
        struct sigaction current;
        if (number == SIGKILL || number == SIGSTOP || sigaction(number, NULL, &current) != 0) continue;
        if (number == SIGPIPE || (current.sa_handler != SIG_IGN && current.sa_handler != SIG_DFL)) {
            sigaction(number, &fallback, NULL);
        }
    }
    sigset_t nothing;
    sigemptyset(&nothing);
    sigprocmask(SIG_SETMASK, &nothing, NULL);

    execve(request->path, request->argv, request->envp);
    child_fail(report, errno);
}

/// A fork that runs no atfork handlers where glibc has one (other threads' libraries may have
/// registered handlers that take locks).
static pid_t plain_fork(void) {
#if defined(__GLIBC__) && defined(__GLIBC_PREREQ)
#if __GLIBC_PREREQ(2, 34)
    return _Fork();
#else
    return fork();
#endif
#else
    return fork();
#endif
}

/// Forks and execs one request; runs on the spawning thread.
static void run_request(struct spawn_request *request) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        request->error = errno;
        return;
    }
    pid_t parent = getpid();
    pid_t child = plain_fork();
    if (child < 0) {
        request->error = errno;
        close(report[0]);
        close(report[1]);
        return;
    }
    if (child == 0) child_main(request, parent, report[1]);
    close(report[1]);
    // End of file: exec closed the report pipe, so the program runs (in its own group already).
    int code = 0;
    ssize_t got;
    do {
        got = read(report[0], &code, sizeof code);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof code) {
        int status;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
        }
        request->error = code != 0 ? code : ECHILD;
        return;
    }
    request->pid = child;
    request->error = 0;
}

/// The spawning thread: lives as long as the process, with every signal blocked.
static void *spawner_main(void *unused) {
    (void)unused;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (pending == NULL || pending->done) pthread_cond_wait(&posted, &lock);
        struct spawn_request *request = pending;
        pthread_mutex_unlock(&lock);
        run_request(request);
        pthread_mutex_lock(&lock);
        request->done = 1;
        pthread_cond_broadcast(&answered);
    }
    return NULL;
}

/// Starts the spawning thread unless it runs; returns 0 or the errno of pthread_create. Called
/// with `lock` held.
static int start_spawner(void) {
    if (started) return 0;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attributes, 256 * 1024);
    // Born with every signal blocked, so no signal handler ever runs on it (nor in a child it forks).
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pthread_t thread;
    int result = pthread_create(&thread, &attributes, spawner_main, NULL);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    pthread_attr_destroy(&attributes);
    if (result == 0) started = 1;
    return result;
}

int kinora_spawn(
    const char *path, char *const argv[], char *const envp[], int stdin_fd, int stdout_fd, int stderr_fd,
    pid_t *pid) {
    struct spawn_request request = {
        .path = path, .argv = argv, .envp = envp, .fds = {stdin_fd, stdout_fd, stderr_fd}};
    pthread_mutex_lock(&call_lock);
    pthread_mutex_lock(&lock);
    int result = start_spawner();
    if (result == 0) {
        pending = &request;
        pthread_cond_signal(&posted);
        while (!request.done) pthread_cond_wait(&answered, &lock);
        pending = NULL;
        result = request.error;
        if (result == 0) *pid = request.pid;
    }
    pthread_mutex_unlock(&lock);
    pthread_mutex_unlock(&call_lock);
    return result;
}
