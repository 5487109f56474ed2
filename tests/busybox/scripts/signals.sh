# Signals through the shell and the tools: kill of a background job and
# its wait status, a trap, a script that kills itself, an ignored signal
# inherited across exec, timeout, and kill -l.
sleep 10 &
pid=$!
kill "$pid"
wait "$pid"
echo "killed sleep: $?"
trap 'echo caught USR1' USR1
kill -USR1 $$
echo "after trap"
trap - USR1
sh -c 'kill -TERM $$; echo not reached'
echo "self-killed shell: $?"
(trap '' INT; sh -c 'kill -INT $$; echo survived ignored INT')
timeout -s KILL 1 sleep 5
echo "timeout: $?"
kill -l 15
kill -0 $$ && echo "kill -0 of self"
kill -0 99999 2>/dev/null || echo "no such pid"
