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
 * 5. The real audio path (the QEMU of qemu/: SDMA, SSI1, AUDMUX and
 *    sgtl5000 models; snd-dummy above is the control): finds the sgtl5000
 *    card in /proc/asound/cards, prints the SDMA's line of
 *    /proc/interrupts, starts the irqsoff tracer where the kernel has it,
 *    plays a known signal with aplay before any forced XRUN (frame n:
 *    L = n & 0x7fff, R = 0x7fff - L, S16_LE stereo at 48 kHz, SIGNAL_FRAMES
 *    frames; the host finds it in QEMU's wav output, qemu/tools/
 *    wavcheck.py), records one second with arecord, runs pcm-xrun-test
 *    (forced XRUNs on both directions) and the alsa-utils client scenario
 *    on it, then prints the SDMA's interrupt line again and the irqsoff
 *    tracer's maximum. Each step prints a "RUN: sgtl5000 ..." line that
 *    scripts/boot-verdict.sh reads.
 *
 * Exit status: the kselftest's if it failed, else the client's, or 1 if a
 * bad-input check or a step on the sgtl5000 card did not give the expected
 * result. init.c prints it as "INIT: selftest exit: N".
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define TEST	"/selftest/pcm-xrun-test"
#define ARGS	"/selftest/args"
#define SHELL	"/bin/sh"
#define CLIENT	"/selftest/alsa-utils-xrun.sh"
#define MAXARGS	32
#define APLAY	"/usr/bin/aplay"
#define ARECORD	"/usr/bin/arecord"
/* The signal of the sgtl5000 run: 3 s at 48 kHz (qemu/tools/wavcheck.py). */
#define SIGNAL		"/tmp/signal.raw"
#define SIGNAL_FRAMES	144000
#define CAPTURE		"/tmp/capture.raw"
#define SDMA_DRV	"/sys/bus/platform/drivers/imx-sdma"
#define TRACING		"/sys/kernel/tracing"

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

/* The card index of the first /proc/asound/cards entry naming @what, or -1. */
static int find_card(const char *what)
{
	char line[256];
	int card = -1, idx;
	FILE *f = fopen("/proc/asound/cards", "r");

	if (!f)
		return -1;
	while (card < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, " %d [", &idx) == 1 && strstr(line, what))
			card = idx;
	fclose(f);
	return card;
}

/*
 * The interrupt count of the SDMA (the device bound to imx-sdma, e.g.
 * 20ec000.dma-controller) summed over the CPUs, its /proc/interrupts line
 * printed after "RUN: sgtl5000 sdma interrupts <when>: N |"; -1 if none.
 */
static long sdma_irqs(const char *when)
{
	char dev[256] = "", line[512];
	struct dirent *d;
	long total = -1;
	DIR *dir = opendir(SDMA_DRV);
	FILE *f;

	while (dir && (d = readdir(dir)))
		if (strchr(d->d_name, '.') && d->d_name[0] != '.')
			snprintf(dev, sizeof(dev), "%s", d->d_name);
	if (dir)
		closedir(dir);
	f = fopen("/proc/interrupts", "r");
	while (dev[0] && f && fgets(line, sizeof(line), f)) {
		char *p, *end;
		long n;

		if (!strstr(line, dev) || !(p = strchr(line, ':')))
			continue;
		total = 0;
		for (p++;; p = end) {
			n = strtol(p, &end, 10);
			if (end == p)
				break;
			total += n;
		}
		printf("RUN: sgtl5000 sdma interrupts %s: %ld | %s", when, total, line);
		break;
	}
	if (f)
		fclose(f);
	if (total < 0)
		printf("RUN: sgtl5000 sdma interrupts %s: none (device '%s' not in /proc/interrupts)\n",
		       when, dev);
	return total;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_TRUNC), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

/* The irqsoff tracer on, its maximum reset; 0 if it runs. */
static int irqsoff_start(void)
{
	if (access(TRACING "/current_tracer", F_OK))
		mount("tracefs", TRACING, "tracefs", 0, NULL);
	if (write_file(TRACING "/current_tracer", "irqsoff") ||
	    write_file(TRACING "/tracing_max_latency", "0")) {
		printf("RUN: sgtl5000 irqsoff tracer: unavailable (%s)\n", strerror(errno));
		return -1;
	}
	printf("RUN: sgtl5000 irqsoff tracer: on\n");
	return 0;
}

static void irqsoff_stop(void)
{
	char buf[64] = "";
	int fd = open(TRACING "/tracing_max_latency", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	write_file(TRACING "/current_tracer", "nop");
	if (n > 0) {
		buf[n] = 0;
		buf[strcspn(buf, "\n")] = 0;
		printf("RUN: sgtl5000 irqsoff max latency: %s us\n", buf);
	} else {
		printf("RUN: sgtl5000 irqsoff max latency: unreadable\n");
	}
}

/* SIGNAL: frame n is L = n & 0x7fff, R = 0x7fff - L, S16_LE. */
static int write_signal(void)
{
	static short frames[4800][2];
	int fd = open(SIGNAL, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	unsigned int n, i;

	if (fd < 0)
		return -1;
	for (n = 0; n < SIGNAL_FRAMES; n += i) {
		for (i = 0; i < 4800 && n + i < SIGNAL_FRAMES; i++) {
			frames[i][0] = (n + i) & 0x7fff;
			frames[i][1] = 0x7fff - frames[i][0];
		}
		if (write(fd, frames, i * sizeof(frames[0])) != (ssize_t)(i * sizeof(frames[0]))) {
			close(fd);
			return -1;
		}
	}
	return close(fd);
}

/* Step 5: the sgtl5000 card; nonzero if a step on it failed. */
static int sgtl5000_run(void)
{
	char dev[32], devsub[32], rate[] = "48000";
	char *aplay[] = { APLAY, "-D", dev, "-f", "S16_LE", "-r", rate, "-c", "2",
			  "-t", "raw", SIGNAL, NULL };
	char *arecord[] = { ARECORD, "-D", dev, "-f", "S16_LE", "-r", rate, "-c", "2",
			    "-d", "1", "-t", "raw", CAPTURE, NULL };
	char *test[] = { TEST, "--quick", "--xruns", "10", "--margin-ms", "400",
			 "--device", devsub, NULL };
	char *client[] = { SHELL, CLIENT, "-D", devsub, "-p", "4096", "-b", "16384", NULL };
	int card, rc, bad = 0, tracing;
	long before, after;
	struct stat st;

	card = find_card("sgtl5000");
	if (card < 0) {
		/*
		 * Not a failure here: Debian's qemu-system-arm has no sgtl5000
		 * model. boot-verdict.sh requires the card when the boot ran
		 * on the QEMU of qemu/.
		 */
		printf("RUN: sgtl5000 card: none in /proc/asound/cards\n");
		return 0;
	}
	snprintf(dev, sizeof(dev), "hw:%d,0", card);
	snprintf(devsub, sizeof(devsub), "hw:%d,0,0", card);
	printf("RUN: sgtl5000 card: %d (%s)\n", card, dev);
	before = sdma_irqs("before");
	tracing = irqsoff_start();

	/* The signal first, before any forced XRUN: one unbroken run. */
	if (write_signal()) {
		printf("RUN: sgtl5000 signal: cannot write %s: %s\n", SIGNAL, strerror(errno));
		bad = 1;
	} else {
		printf("RUN: sgtl5000 signal: %d frames, S16_LE 48000 Hz stereo, L = n & 0x7fff, R = 0x7fff - L\n",
		       SIGNAL_FRAMES);
		rc = run(aplay, 1);
		printf("RUN: sgtl5000 aplay exit %d\n", rc);
		bad |= rc != 0;
	}
	unlink(SIGNAL);
	sdma_irqs("after aplay");

	rc = run(arecord, 1);
	printf("RUN: sgtl5000 arecord exit %d, %lld bytes captured (1 s = 192000)\n", rc,
	       stat(CAPTURE, &st) ? -1LL : (long long)st.st_size);
	bad |= rc != 0;
	unlink(CAPTURE);

	printf("RUN: sgtl5000 kselftest:");
	for (rc = 0; test[rc]; rc++)
		printf(" %s", test[rc]);
	printf("\n");
	rc = run(test, 0);
	printf("RUN: sgtl5000 kselftest exit %d\n", rc);
	bad |= rc != 0;

	printf("RUN: sgtl5000 alsa-utils client: %s %s %s %s %s %s %s\n", CLIENT, client[2],
	       client[3], client[4], client[5], client[6], client[7]);
	rc = run(client, 0);
	printf("RUN: sgtl5000 alsa-utils client exit %d\n", rc);
	bad |= rc != 0;

	after = sdma_irqs("after");
	if (!tracing)
		irqsoff_stop();
	printf("RUN: sgtl5000 sdma interrupts during the run: %ld\n",
	       before >= 0 && after >= 0 ? after - before : -1);
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

	if (sgtl5000_run())
		bad = 1;
	if (bad)
		return 1;
	return rc ? rc : crc;
}
