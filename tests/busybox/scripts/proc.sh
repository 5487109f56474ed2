# Procfs through the tools: mount -t proc, /proc/uptime across sleep 1,
# ps and /proc/PID of a background sleep, /proc/self/stat, free against
# /proc/meminfo, a 1 MiB tmpfs in mount, df and umount, and dmesg. Only
# what any host shares is printed (not its processes, memory or mounts).
mkdir -p /proc /tmp/m && mount -t proc proc /proc || exit 1
grep ' /proc ' /proc/mounts
sleep 30 &
bg=$!
up1=$(awk '{ print $1 }' /proc/uptime)
sleep 1
up2=$(awk '{ print $1 }' /proc/uptime)
awk -v a="$up1" -v b="$up2" 'BEGIN { d = b - a
	print (d >= 1 && d < 10) ? "uptime grew by a second" : "uptime " a " then " b }'
grep -Ec '^[0-9]+\.[0-9][0-9] [0-9]+\.[0-9][0-9]$' /proc/uptime
ps | head -1
ps | awk -v p=$bg '$1 == p { print "ps: user " $2 ", command " $3 " " $4 }'
ps -o pid,ppid,stat,comm | awk -v p=$bg -v s=$$ '$1 == p {
	print ($2 == s ? "child of the shell" : "ppid " $2), "state " $3, $4 }'
echo "comm $(cat /proc/$bg/comm), cmdline $(tr '\0' ' ' < /proc/$bg/cmdline)"
read pid comm state rest < /proc/self/stat
[ "$pid" = $$ ] && echo "/proc/self/stat of the shell: $comm $state"
kill $bg; wait $bg; echo "sleep killed: $?"
[ -e /proc/$bg ] || echo "its /proc entry is gone"
free | head -1
mt=$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)
free | awk -v mt="$mt" '$1 == "Mem:" { ok = NF == 7 && $2 == mt && $2 > 0
	for (i = 2; i <= NF; i++) if ($i !~ /^[0-9]+$/) ok = 0
	print ok ? "Mem: numbers, total is MemTotal" : "bad: " $0 " vs " mt }'
mount -t tmpfs -o size=1m,mode=700 t /tmp/m && mount | grep ' /tmp/m '
stat -c '%a' /tmp/m
df -k /tmp/m
dd if=/dev/zero of=/tmp/m/f bs=1k count=100 status=none && df -k /tmp/m
dd if=/dev/zero of=/tmp/m/g bs=1k count=2000 status=none; df -k /tmp/m
umount /tmp/m && echo "unmounted, $(grep -c ' /tmp/m ' /proc/mounts) left"
ls -A /tmp/m; umount /tmp/m; echo "umount again: $?"
dmesg | wc -l | awk '{ print ($1 > 0 ? "dmesg has lines" : "dmesg is empty") }'
umount /proc && [ ! -e /proc/self ] && rmdir /tmp/m && echo "proc unmounted"
