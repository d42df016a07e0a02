# tests/vm: boot a real Linux kernel (Debian's linux-image-cloud-amd64)
# under qemu-system-x86_64 with our init as PID 1, getty on the serial
# console and busybox for the rest; see tests/vm/boot-vm.sh.  Not part of
# `make check`: it downloads a kernel and needs qemu.  Exit status 77
# (SKIP) when qemu, python3 or the packages cannot be had.
VM_FILES = \
	tests/vm/boot-vm.sh \
	tests/vm/vm.py \
	tests/vm/vmconsole.py \
	tests/vm/accel.sh \
	tests/vm/image/inittab \
	tests/vm/image/gettydefs \
	tests/vm/image/issue \
	tests/vm/image/rc.vm \
	tests/vm/image/kill-getty \
	tests/vm/image/profile \
	tests/vm/image/passwd \
	tests/vm/image/group \
	tests/vm/image/shadow
EXTRA_DIST += $(VM_FILES)

VM_ENVIRONMENT = \
	abs_top_builddir='$(abs_top_builddir)' \
	abs_top_srcdir='$(abs_top_srcdir)' \
	INITSUITE_SBINDIR='$(sbindir)' \
	INITSUITE_SYSCONFDIR='$(sysconfdir)'

# The test: boot, log in on ttyS0, change runlevel, kill getty, power off.
# A skip (77) is no failure of make, as with `make check`, but it says
# SKIP and leaves 77 in tests/vm/check-vm.status, where tests/test-it
# reads it to count the result.
check-vm: all
	@$(MKDIR_P) tests/vm; rm -f tests/vm/check-vm.status; \
	$(VM_ENVIRONMENT) $(BASH) $(abs_top_srcdir)/tests/vm/boot-vm.sh; \
	rc=$$?; echo $$rc >tests/vm/check-vm.status; \
	case $$rc in \
	0) echo "PASS: check-vm" ;; \
	77) echo "SKIP: check-vm" ;; \
	*) echo "FAIL: check-vm (exit status $$rc)"; exit 1 ;; \
	esac

# The same image with the serial console on this terminal.
run-vm: all
	$(VM_ENVIRONMENT) $(BASH) $(abs_top_srcdir)/tests/vm/boot-vm.sh --interactive

# The download cache (tests/vm/cache) survives `make clean`; this removes
# it with the image.
clean-vm:
	rm -rf tests/vm/root tests/vm/cache tests/vm/initramfs.gz tests/vm/serial.log tests/vm/applets tests/vm/check-vm.status \
		tests/vm/inittab.check tests/vm/gettydefs.check tests/vm/kvm-probe.log

.PHONY: check-vm run-vm clean-vm
