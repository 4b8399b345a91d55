// SPDX-License-Identifier: GPL-2.0
/*
 * Static /selftest/run for the QEMU sabrelite boot: scripts/
 * kselftest-initramfs.sh stages it with the ALSA kselftest, Debian's armhf
 * alsa-utils and busybox, and tests/initramfs/init.c runs it.
 *
 * 1. Lists the sound cards (snd-dummy is built in, Kbuild/kunit-debug.config).
 * 2. Runs /selftest/pcm-xrun-test with bad input that it must reject
 *    cleanly: a malformed argument (exit 1, "Bail out!"), and a missing
 *    card, a missing device, an unsupported rate, an unsupported format
 *    and a busy device (each a SKIP, exit 4). Their output is printed
 *    behind "RUN: | " so that it cannot be taken for the real run's.
 * 3. Runs /selftest/pcm-xrun-test with the arguments listed one per line
 *    in /selftest/args (default: the quick run on snd-dummy's hw:Dummy,0,0).
 * 4. Runs the alsa-utils client scenario (/selftest/alsa-utils-xrun.sh:
 *    arecord and aplay through forced XRUNs) once on a missing card, where
 *    it must fail (exit 1), then on hw:Dummy,0,0, after the line
 *    "RUN: alsa-utils client: ..." that scripts/boot-verdict.sh looks for.
 *
 * Exit status: the kselftest's if it failed, else the client's, or 1 if a
 * bad-input check did not give the expected result. init.c prints it as
 * "INIT: selftest exit: N".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TEST	"/selftest/pcm-xrun-test"
#define ARGS	"/selftest/args"
#define SHELL	"/bin/sh"
#define CLIENT	"/selftest/alsa-utils-xrun.sh"
#define MAXARGS	32

static char *envp[] = {
	"PATH=/selftest:/usr/bin:/bin", "HOME=/", "TMPDIR=/tmp", "LD_LIBRARY_PATH=/selftest",
	"ALSA_CONFIG_DIR=/usr/share/alsa", NULL
};

struct bad_input {
	const char *what;
	int expect;
	int busy;	/* hold the playback PCM of the Dummy card open */
	const char *argv[10];
};

static const struct bad_input bad_inputs[] = {
	{ "malformed rate", 1, 0, { "--rate", "abc" } },
	{ "missing card", 4, 0, { "--device", "hw:9,9" } },
	{ "missing device", 4, 0, { "--device", "hw:Dummy,7" } },
	{ "unsupported rate", 4, 0,
	  { "--device", "hw:Dummy,0,0", "--rate", "192000", "--xruns", "1" } },
	{ "unsupported format", 4, 0,
	  { "--device", "hw:Dummy,0,0", "--format", "FLOAT64_BE", "--xruns", "1" } },
	{ "busy device", 4, 1,
	  { "--device", "hw:Dummy,0,0", "--stream", "playback", "--xruns", "1" } },
};

static void show_cards(void)
{
	char line[256];
	FILE *f = fopen("/proc/asound/cards", "r");

	if (!f) {
		printf("RUN: no /proc/asound/cards (%s)\n", strerror(errno));
		return;
	}
	printf("RUN: /proc/asound/cards:\n");
	while (fgets(line, sizeof(line), f))
		printf("RUN:   %s", line);
	fclose(f);
}

/* Run @argv; its output goes to stdout, or behind a prefix. */
static int run(char *const argv[], int quote)
{
	int pfd[2], status;
	char line[512];
	pid_t pid;
	FILE *f;

	if (quote && pipe(pfd))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (quote) {
			dup2(pfd[1], 1);
			dup2(pfd[1], 2);
			close(pfd[0]);
			close(pfd[1]);
		}
		/* The test finds libatest.so through its RUNPATH "./". */
		if (chdir("/selftest"))
			printf("RUN: chdir /selftest: %s\n", strerror(errno));
		execve(argv[0], argv, envp);
		printf("RUN: cannot exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (quote) {
		close(pfd[1]);
		f = fdopen(pfd[0], "r");
		while (f && fgets(line, sizeof(line), f))
			printf("RUN: | %s", line);
		if (f)
			fclose(f);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Open the Dummy card's playback PCM 0 raw: its subdevice 0 is then busy. */
static int hold_dummy(void)
{
	char link[64], path[64];
	ssize_t n = readlink("/proc/asound/Dummy", link, sizeof(link) - 1);
	int card;

	if (n <= 0)
		return -1;
	link[n] = 0;
	if (sscanf(link, "card%d", &card) != 1)
		return -1;
	snprintf(path, sizeof(path), "/dev/snd/pcmC%dD0p", card);
	return open(path, O_RDWR | O_NONBLOCK);
}

static int bad_input_checks(void)
{
	unsigned int i, j;
	int bad = 0;

	for (i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]); i++) {
		const struct bad_input *b = &bad_inputs[i];
		char *argv[12] = { TEST };
		int rc, fd = -1;

		for (j = 0; b->argv[j]; j++)
			argv[j + 1] = (char *)b->argv[j];
		printf("RUN: bad input, %s:", b->what);
		for (j = 0; argv[j]; j++)
			printf(" %s", argv[j]);
		printf("\n");
		if (b->busy) {
			fd = hold_dummy();
			if (fd < 0)
				printf("RUN: cannot hold the Dummy PCM open: %s\n",
				       strerror(errno));
		}
		rc = run(argv, 1);
		if (fd >= 0)
			close(fd);
		printf("RUN: bad input, %s: exit %d (expected %d) %s\n", b->what,
		       rc, b->expect, rc == b->expect ? "ok" : "WRONG");
		if (rc != b->expect)
			bad = 1;
	}
	return bad;
}

int main(void)
{
	static char buf[MAXARGS][128];
	char *argv[MAXARGS + 2] = {
		TEST, "--quick", "--margin-ms", "400", "--device", "hw:Dummy,0,0"
	};
	char *client_missing[] = { SHELL, CLIENT, "-D", "hw:9,0", "-n", "1", NULL };
	/*
	 * A 16384-frame buffer: wait_for_avail() reports "DMA or IRQ trouble"
	 * after 1.1 buffer times, at least 100 ms, and TCG on a loaded host
	 * stalls the guest longer than the 100 ms of a 4096-frame buffer.
	 */
	char *client[] = { SHELL, CLIENT, "-D", "hw:Dummy,0,0", "-p", "4096", "-b", "16384", NULL };
	int argc = 1, i, bad, rc, crc;
	FILE *f;

	setvbuf(stdout, NULL, _IOLBF, 0);
	show_cards();
	bad = bad_input_checks();

	f = fopen(ARGS, "r");
	if (f) {
		while (argc <= MAXARGS && fgets(buf[argc - 1], sizeof(buf[0]), f)) {
			buf[argc - 1][strcspn(buf[argc - 1], "\r\n")] = 0;
			if (buf[argc - 1][0] && buf[argc - 1][0] != '#') {
				argv[argc] = buf[argc - 1];
				argc++;
			}
		}
		fclose(f);
		argv[argc] = NULL;
	}
	printf("RUN:");
	for (i = 0; argv[i]; i++)
		printf(" %s", argv[i]);
	printf("\n");
	rc = run(argv, 0);
	printf("RUN: %s exit %d; bad-input checks %s\n", TEST, rc,
	       bad ? "FAILED" : "ok");

	printf("RUN: alsa-utils client, missing card: %s %s %s %s\n", CLIENT,
	       client_missing[2], client_missing[3], "(must fail)");
	crc = run(client_missing, 1);
	printf("RUN: alsa-utils client, missing card: exit %d (expected 1) %s\n",
	       crc, crc == 1 ? "ok" : "WRONG");
	if (crc != 1)
		bad = 1;
	printf("RUN: alsa-utils client: %s %s %s %s %s %s %s\n", CLIENT, client[2], client[3],
	       client[4], client[5], client[6], client[7]);
	crc = run(client, 0);
	printf("RUN: alsa-utils client exit %d\n", crc);
	if (bad)
		return 1;
	return rc ? rc : crc;
}
