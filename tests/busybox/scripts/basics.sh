# Busybox basics: builtins, pipelines, redirections, exit statuses, and
# applets that read, write, sort and remove files. Expected output:
# expected/basics.out, from tools/gen-busybox-expected (Linux, chroot).
echo "hello world"
echo one two three | wc -w
mkdir -p /tmp/a/b/c && echo created
echo data > /tmp/a/b/c/file
echo more >> /tmp/a/b/c/file
cat /tmp/a/b/c/file
wc -l < /tmp/a/b/c/file
ls /tmp/a/b/c
printf '%s\n' c b a | sort
printf 'x\ny\nx\n' | sort | uniq -c
echo "abc" | tr a-z A-Z
seq 1 5 | head -3 | tail -1
false; echo "status $?"
true && echo and || echo or
( exit 3 ); echo "subshell $?"
for i in 1 2 3; do echo "loop $i"; done | tail -1
cat /no/such/file; echo "cat said $?"
ls /no/such/dir 2>/dev/null || echo "quiet failure"
echo hidden > /dev/null; head -c 4 /dev/zero | wc -c
rm -r /tmp/a && ls /tmp && echo removed
exit 4
