#!/bin/bash
# A cohort hub's first boot on a fresh Debian 12, end to end, as the README's hub section says.
#
# Not part of `make test` (it downloads a whole Debian with debootstrap and every package the
# course needs: about 10 minutes and 1.5 GB): run it as root on a Debian or Ubuntu machine,
#   bash tests/first_boot/run.sh [/path/to/a/checkout]
# It makes a minimal Debian 12 (bookworm) in /srv/pmkit-first-boot, enters it as a container
# (bubblewrap: its own mount, PID, IPC and UTS namespaces and its own /proc, the host's network),
# and there, as a new administrator would: installs what the README lists, clones the checkout,
# runs make setup, pmkit hub init and start for a roster of two, and tests/first_boot/smoke.py (a
# learner logs in, starts a server, self-checks through the check service; the formgrader is the
# instructor's), then pmkit hub status and stop. It removes the folder at the end.
# PMKIT_KEEP_DEBIAN=1 reuses a Debian already made there by debootstrap (and keeps it).
#
# What the container shares with the host, and the risk of it: the network, so a hub running on
# this host on the same ports (8000, 8081 and the others pmkit hub init picks by default) makes
# the hub inside fail to start: stop it first. Not the processes: pmkit hub stop looks for the
# accounts' leftover processes with pgrep -u, which on the host's /proc could match the host's
# processes of an account with the same uid; the container's own PID namespace and /proc keep
# it to the container's.
set -euo pipefail
checkout=$(realpath "${1:-$(dirname "$0")/../..}")
root=/srv/pmkit-first-boot
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
command -v bwrap >/dev/null || apt-get install -y -qq bubblewrap
if [ -z "${PMKIT_KEEP_DEBIAN:-}" ] || [ ! -x "$root/bin/bash" ]; then
	rm -rf "$root"
	debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
fi
# What Debian's installer writes and debootstrap does not: the machine's name in /etc/hosts
# (without it, pmkit hub start stops and says so: JupyterHub reaches its proxy by that name).
printf '127.0.0.1\tlocalhost\n127.0.1.1\tpmkit-first-boot\n' > "$root/etc/hosts"
cat > "$root/first_boot.sh" <<'INSIDE'
set -euxo pipefail
# the container's own /proc, of its own PID namespace: pgrep, ps and kill see its processes only
mount -t proc proc /proc
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# the README: the two-command course needs python3 and make; the hub adds these
apt-get install -y -qq --no-install-recommends git make python3 python3-venv ca-certificates
update-ca-certificates
apt-get install -y -qq --no-install-recommends procps postgresql nodejs npm bubblewrap
# a rerun (PMKIT_KEEP_DEBIAN) starts again from the clone, with no hub and no accounts
rm -rf /opt/pmkit /srv/pmkit-hub
for account in ann ben ada grader-pm101; do userdel --remove "$account" 2>/dev/null || true; done
git clone --quiet /checkout /opt/pmkit
cd /opt/pmkit
make setup
printf 'id,first_name,last_name\nann,Ann,Lee\nben,Ben,Okafor\n' > /root/roster.csv
.venv/bin/pmkit hub init --roster /root/roster.csv --instructor ada --course-id pm101
trap '.venv/bin/pmkit hub stop || true' EXIT  # nothing of the hub outlives the run
.venv/bin/pmkit hub start
.venv/bin/pmkit hub status
.venv/bin/python /checkout/tests/first_boot/smoke.py
.venv/bin/pmkit hub stop
echo FIRST BOOT OK
INSIDE
# A network whose proxy inspects TLS (as on some CI and company networks) has its own CA, which
# the host trusts in /usr/local/share/ca-certificates: the Debian inside trusts it too, and so
# do pip and npm, which keep their own CA lists. A server on an open network needs none of it.
extra_env=()
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
	mkdir -p "$root/usr/local/share/ca-certificates"
	cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
	bundle=/etc/ssl/certs/ca-certificates.crt
	extra_env=(--setenv PIP_CERT "$bundle" --setenv NODE_EXTRA_CA_CERTS "$bundle")
fi
started=$(date +%s)
# A PID namespace of its own, and a /proc of its own that first_boot.sh mounts, whole: not the
# host's /proc (whose processes pgrep would see), and not bwrap's --proc, which covers parts of
# the /proc it mounts (/proc/sys and others, read-only), and the kernel lets the grading sandbox
# inside (bwrap, as the grader, in a user namespace) mount a /proc of its own only where the
# /proc above it is not partly covered ("Can't mount proc on /newroot/proc: Operation not
# permitted"). /tmp is world-writable with the sticky bit, as on a server.
bwrap --clearenv --bind "$root" / --dev-bind /dev /dev \
	--perms 1777 --tmpfs /tmp --tmpfs /run \
	--ro-bind "$checkout" /checkout --ro-bind /etc/resolv.conf /etc/resolv.conf \
	--unshare-pid --unshare-ipc --unshare-uts --hostname pmkit-first-boot --die-with-parent \
	--setenv PATH /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	--setenv HOME /root "${extra_env[@]}" \
	bash /first_boot.sh
echo "first boot: $(( $(date +%s) - started )) s after debootstrap"
[ -n "${PMKIT_KEEP_DEBIAN:-}" ] || rm -rf "$root"
