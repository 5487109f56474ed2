# Files through the tools: touch with a date, mv, ln and ln -s, readlink,
# chmod, cp -a, stat, ls -l, truncate, find -type l, rm. Dates are old
# enough that ls prints the year, and no /etc/passwd: owners are numbers.
mkdir -p /tmp/f && cd /tmp/f || exit 1
echo hello > a
touch -d '2020-01-02 03:04:05' a
mv a b && ls
ln -s b link && readlink link && cat link
ln b hard
chmod 640 b
ls -l b hard
cp -a b c && ls -l c
stat -c '%s %a %Y %h' c
truncate -s 3 c && cat c && echo
find . -type l
mkdir d && mv c d/ && ls d && mv d/c d/c2 && ls d
rm -f b hard link && rm -r d && ls -A
cd / && rmdir /tmp/f && echo done
