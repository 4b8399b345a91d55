// SPDX-License-Identifier: GPL-2.0
/*
 * Static /init for the QEMU sabrelite boot check of the series.
 *
 * Mounts proc and sysfs, reports the running kernel release and whether
 * the imx-sdma driver is bound to a device, runs /selftest/run if the
 * initramfs carries one, then powers the machine off. Every line it
 * prints starts with "INIT:" so that scripts/boot-verdict.sh can find it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define SDMA_DRV "/sys/bus/platform/drivers/imx-sdma"

static void say(const char *fmt, const char *a, const char *b)
{
	printf("INIT: ");
	printf(fmt, a, b);
	printf("\n");
	fflush(stdout);
}

static int sdma_bound(void)
{
	DIR *d = opendir(SDMA_DRV);
	struct dirent *e;
	int n = 0;

	if (!d) {
		say("imx-sdma driver: %s (%s)", "absent", strerror(errno));
		return 0;
	}
	while ((e = readdir(d))) {
		/* Bound devices show up as symlinks named after the device. */
		if (e->d_type == DT_LNK && strchr(e->d_name, '.')) {
			say("imx-sdma bound: %s%s", e->d_name, "");
			n++;
		}
	}
	closedir(d);
	if (!n)
		say("imx-sdma driver: %s%s", "registered, no device bound", "");
	return n;
}

static void run_selftest(void)
{
	struct stat st;
	pid_t pid;
	int status;

	if (stat("/selftest/run", &st))
		return;
	say("running %s%s", "/selftest/run", "");
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "/selftest/run", NULL };
		char *envp[] = { "PATH=/selftest:/bin", "HOME=/", NULL };

		execve(argv[0], argv, envp);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		say("selftest: %s%s", "could not run", "");
		return;
	}
	if (WIFEXITED(status)) {
		char buf[16];

		snprintf(buf, sizeof(buf), "%d", WEXITSTATUS(status));
		say("selftest exit: %s%s", buf, "");
	} else {
		say("selftest: %s%s", "killed by a signal", "");
	}
}

static int want_restart(void)
{
	char buf[1024];
	ssize_t n;
	int fd = open("/proc/cmdline", O_RDONLY);

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	return strstr(buf, "init_exit=restart") != NULL;
}

int main(void)
{
	struct utsname u;

	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	if (mount("proc", "/proc", "proc", 0, NULL))
		say("mount /proc: %s%s", strerror(errno), "");
	if (mount("sysfs", "/sys", "sysfs", 0, NULL))
		say("mount /sys: %s%s", strerror(errno), "");
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);

	if (uname(&u) == 0)
		say("release: %s %s", u.release, u.machine);
	sdma_bound();
	run_selftest();

	sync();
	if (want_restart()) {
		say("powering off%s%s", " (restart: QEMU -no-reboot exits)", "");
		reboot(RB_AUTOBOOT);
	} else {
		say("powering off%s%s", "", "");
		reboot(RB_POWER_OFF);
	}
	/* Not reached unless the reboot call failed. */
	say("power off failed: %s%s", strerror(errno), "");
	for (;;)
		pause();
}
