// Bounces one cache line between two threads pinned to two CPUs and prints the time of a round
// trip, once a second: about 50-100 ns when the two cores share an L3, several hundred when the
// line crosses between chiplets or sockets. On a virtual machine the host may move the vCPUs, and
// the figure then changes from one round to the next; two-thread timings move with it.
// Usage: core_pingpong [ROUNDS [CPU_A CPU_B]] (default 10 rounds, CPUs 0 and 1).
#define _GNU_SOURCE
#include "bench_clock.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { TRIPS = 200000 };

static _Atomic long ball __attribute__((aligned(64)));

static int pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

enum { READY = -2, FAILED = -1 };

// The other side: says whether it runs where asked, then answers each odd value with the next even one.
static void *answer(void *cpu) {
    if (pin(*(int *)cpu) != 0) {
        atomic_store(&ball, FAILED);
        return 0;
    }
    atomic_store(&ball, READY);
    for (long trip = 0; trip < TRIPS; trip++) {
        while (atomic_load_explicit(&ball, memory_order_acquire) != 2 * trip + 1) {}
        atomic_store_explicit(&ball, 2 * trip + 2, memory_order_release);
    }
    return 0;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 10;
    int cpus[2] = {argc > 3 ? atoi(argv[2]) : 0, argc > 3 ? atoi(argv[3]) : 1};
    if (rounds < 1 || argc == 3 || argc > 4 || cpus[0] < 0 || cpus[1] < 0 || cpus[0] >= CPU_SETSIZE || cpus[1] >= CPU_SETSIZE) {
        fprintf(stderr, "usage: core_pingpong [ROUNDS [CPU_A CPU_B]] (ROUNDS at least 1; default 10 rounds, CPUs 0 and 1)\n");
        return 2;
    }
    for (int round = 0; round < rounds; round++) {
        if (pin(cpus[0]) != 0) {
            fprintf(stderr, "cannot run on CPU %d\n", cpus[0]);
            return 1;
        }
        atomic_store(&ball, 0);
        pthread_t other;
        if (pthread_create(&other, 0, answer, &cpus[1]) != 0) return 1;
        long state;
        while ((state = atomic_load(&ball)) == 0) {}
        if (state == FAILED) {
            pthread_join(other, 0);
            fprintf(stderr, "cannot run on CPU %d\n", cpus[1]);
            return 1;
        }
        double start = now();
        for (long trip = 0; trip < TRIPS; trip++) {
            atomic_store_explicit(&ball, 2 * trip + 1, memory_order_release);
            while (atomic_load_explicit(&ball, memory_order_acquire) != 2 * trip + 2) {}
        }
        double seconds = now() - start;
        pthread_join(other, 0);
        printf("CPUs %d and %d: %.0f ns a round trip\n", cpus[0], cpus[1], seconds / TRIPS * 1e9);
        fflush(stdout);
        if (round + 1 < rounds) sleep(1);
    }
    return 0;
}
