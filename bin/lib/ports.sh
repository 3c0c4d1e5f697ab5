# Sourced by bin/demo and bin/bench.
#
# free_ports NAME...: sets each NAME to a different loopback port that nothing listens on, taken from
# 10000 up to the kernel's ephemeral range. An ephemeral port can also become the local end of any
# process's next outgoing connection, between choosing it and a server binding it. The Java tests'
# Processes.freePort chooses the same way.
free_ports() {
  local _low _high _from _to _port _name _taken=" "
  { read -r _low _high </proc/sys/net/ipv4/ip_local_port_range; } 2>/dev/null || { _low=32768; _high=60999; }
  if ((_low - 10000 >= 1000)); then _from=10000; _to=$((_low - 1)); else _from=$((_high + 1)); _to=65535; fi
  for _name in "$@"; do
    while :; do
      _port=$((_from + (RANDOM << 15 | RANDOM) % (_to - _from + 1)))
      case $_taken in *" $_port "*) continue ;; esac
      (exec 3<>"/dev/tcp/127.0.0.1/$_port") 2>/dev/null || break
    done
    _taken+="$_port "
    printf -v "$_name" '%s' "$_port"
  done
}
