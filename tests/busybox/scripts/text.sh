# Text and file tools: grep, sed, awk, find, xargs, cp, md5sum, dd, head,
# tail, cut, tar. Expected output: expected/text.out (Linux, chroot).
mkdir -p /tmp/w && cd /tmp/w || exit 1
printf 'apple 3\nbanana 1\ncherry 2\napple 5\n' > fruit
grep apple fruit
grep -c an fruit
sed -n 's/an/AN/gp' fruit
awk '{ sum += $2 } END { print "total", sum }' fruit
sort -k2 -n fruit | head -2
cut -d' ' -f1 fruit | sort -u | tr '\n' ' '; echo
mkdir -p d/e && echo one > d/a && echo two > d/e/b
find d -type f | sort
find d -name b | xargs cat
cp -r d d2 && cat d2/e/b
md5sum fruit
dd if=fruit of=part bs=6 count=2 status=none; cat part; echo
head -c 5 fruit; echo; tail -n 1 fruit
tar -cf t.tar d && mkdir out && tar -xf t.tar -C out && find out -type f | sort
cat out/d/e/b
cd / && rm -rf /tmp/w
echo done
