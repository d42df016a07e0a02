# tests/vm/accel.sh: which qemu accelerator runs guests here.  Sourced by
# tests/vm/boot-vm.sh (make check-vm) and tests/distro/check-distro.sh
# (make check-distro).

# Some hosts (nested virtualisation) open /dev/kvm yet never run a guest
# instruction: the kernel prints nothing.  Ask it for its banner first;
# without a root file system it then panics, and -no-reboot ends qemu at
# once.
kvm_runs_guests() { # QEMU KERNEL LOG
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	timeout 20 "$1" -machine pc -m 128M -nodefaults -no-user-config -display none \
		-no-reboot -kernel "$2" -append "console=ttyS0 panic=-1" \
		-accel kvm -serial stdio </dev/null >"$3" 2>&1
	grep -q 'Linux version' "$3"
}

# choose_accel FORCED QEMU KERNEL LOG WHO: print kvm or tcg.  FORCED (VM_ACCEL),
# when not empty, wins; else KVM when the probe boots, TCG otherwise (WHO
# names the caller in the note that says so).
choose_accel() {
	if [ -n "$1" ]; then
		echo "$1"
	elif kvm_runs_guests "$2" "$3" "$4"; then
		echo kvm
	else
		[ -e /dev/kvm ] && echo "$5: /dev/kvm runs no guest here (see $4): TCG emulation" >&2
		echo tcg
	fi
}

# accel_args ACCEL: qemu's options for it.  With KVM qemu falls back to
# TCG when KVM refuses.
accel_args() {
	if [ "$1" = kvm ]; then
		echo "-accel kvm -accel tcg"
	else
		echo "-accel tcg"
	fi
}
