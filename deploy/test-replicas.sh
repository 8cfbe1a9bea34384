#!/usr/bin/env bash
# Scale-out test: three EnvServer replicas on loopback behind nginx (deploy/nginx.conf, addresses rewritten),
# SESSIONS concurrent drug-dose sessions through nginx, one replica killed with kill -9 while every episode is
# at step 10. Passes only if exactly the killed replica's sessions were lost, every other episode finished, and
# SESSIONS new sessions opened right after the kill (while the others finish) all succeed. Then the same with
# EnvServer.Client's EnvServerPool placing sessions on the replicas directly (the killed one restarted first,
# another one killed). Needs nginx (apt-get install nginx).
#   bash deploy/test-replicas.sh [--no-build] [SESSIONS]      (default 300; --no-build after `dotnet test EnvServer.sln`)
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
if [[ ${1:-} == --no-build ]]; then build=0; shift; fi
sessions=${1:-300}
started=$SECONDS

nginx=$(command -v nginx || echo /usr/sbin/nginx)   # /usr/sbin is not on every user's PATH
[[ -x $nginx ]] || { echo "test-replicas: nginx is not installed (apt-get install nginx)" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"   # nginx workers may run as another user than the master
children=()
cleanup() {
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

listening() { { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null && exec 3<&-; }

# GET /health until it answers 200 (servers need a few seconds to start).
wait_healthy() {
  local port=$1 name=$2
  for _ in $(seq 1 240); do
    if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
      local status
      status=$(head -n 1 <&3 || true)
      exec 3<&-
      [[ $status == *" 200 "* ]] && return 0
    fi
    sleep 0.5
  done
  echo "test-replicas: $name on port $port never answered /health; its log:" >&2
  cat "$work/$name.log" >&2 || true
  exit 1
}

api=src/EnvServer.Api/bin/Debug/net10.0/EnvServer.Api.dll
tools=src/EnvServer.Tools/bin/Debug/net10.0/EnvServer.Tools.dll
if ((build)); then
  echo "test-replicas: building EnvServer.Api and EnvServer.Tools"
  dotnet build src/EnvServer.Api -nologo -v q -clp:'ErrorsOnly;NoSummary'
  dotnet build src/EnvServer.Tools -nologo -v q -clp:'ErrorsOnly;NoSummary'
fi
for dll in "$api" "$tools"; do
  [[ -f $dll ]] || { echo "test-replicas: $dll is missing: run without --no-build" >&2; exit 1; }
done
built=$SECONDS

# Four free loopback ports below Linux's ephemeral range (32768+), so that no outgoing connection holds one.
while :; do
  base=$((20000 + RANDOM % 12000))
  ports=("$base" $((base + 1)) $((base + 2)) $((base + 3)))
  busy=0
  for port in "${ports[@]}"; do listening "$port" && busy=1; done
  ((busy)) || break
done
proxy_port=${ports[3]}

replica_pids=()
start_replica() {
  local i=$1
  Logging__LogLevel__Default=Warning dotnet "$api" --urls "http://127.0.0.1:${ports[i]}" >>"$work/replica-$i.log" 2>&1 &
  children+=($!)
  replica_pids[i]=$!
}
for i in 0 1 2; do start_replica "$i"; done

# deploy/nginx.conf with the replicas' loopback addresses, this run's port, files under $work, and the header
# that names the replica that took each connection.
sed -e "s|^\( *\)server envserver:8000 \(.*\)$|\1server 127.0.0.1:${ports[0]} \2\n\1server 127.0.0.1:${ports[1]} \2\n\1server 127.0.0.1:${ports[2]} \2|" \
    -e "s|listen 8000;|listen 127.0.0.1:${proxy_port};|" \
    -e "s|access_log /dev/stdout;|access_log off;|" \
    -e "s|error_log /dev/stderr warn;|error_log $work/nginx.log warn;|" \
    -e "s|# add_header X-Upstream-Addr|add_header X-Upstream-Addr|" \
    -e "s|^http {|http {\n    client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fastcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;|" \
    deploy/nginx.conf >"$work/nginx.conf"
if [[ $(grep -c "server 127.0.0.1:" "$work/nginx.conf") -ne 3 ]] || ! grep -q "^ *add_header X-Upstream-Addr" "$work/nginx.conf" \
   || ! grep -q "listen 127.0.0.1:${proxy_port};" "$work/nginx.conf"; then
  echo "test-replicas: deploy/nginx.conf no longer has the lines this script rewrites (upstream server, listen, add_header)" >&2
  exit 1
fi
"$nginx" -p "$work" -e "$work/nginx.log" -c "$work/nginx.conf" -g "daemon off; pid $work/nginx.pid;" >"$work/nginx.out" 2>&1 &
children+=($!)

for i in 0 1 2; do wait_healthy "${ports[i]}" "replica-$i"; done
wait_healthy "$proxy_port" nginx
echo "test-replicas: replicas on 127.0.0.1:${ports[0]}, :${ports[1]}, :${ports[2]} (pids ${replica_pids[*]}), nginx on :${proxy_port}; built in $((built - started)) s, up in $((SECONDS - built)) s"

status=0
echo
echo "test-replicas: 1. through nginx; replica 1 is killed"
dotnet "$tools" replica-test --url "http://127.0.0.1:${proxy_port}" --victim "127.0.0.1:${ports[1]}" \
  --kill-command "kill -9 ${replica_pids[1]}" --sessions "$sessions" --new-sessions "$sessions" || status=$?
if ((status != 0)); then
  echo "test-replicas: nginx errors:" >&2
  tail -n 20 "$work/nginx.log" >&2 || true
fi

# The client-side alternative: EnvServer.Client's EnvServerPool places the sessions on the replicas itself.
start_replica 1
wait_healthy "${ports[1]}" replica-1
echo
echo "test-replicas: 2. EnvServerPool over the three replicas (replica 1 restarted); replica 2 is killed"
dotnet "$tools" replica-test --servers "http://127.0.0.1:${ports[0]},http://127.0.0.1:${ports[1]},http://127.0.0.1:${ports[2]}" \
  --victim "127.0.0.1:${ports[2]}" --kill-command "kill -9 ${replica_pids[2]}" --sessions "$sessions" --new-sessions "$sessions" || status=$?

echo
echo "test-replicas: $((SECONDS - started)) s in all (exit $status)"
exit "$status"
