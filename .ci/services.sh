#!/usr/bin/env bash
# Starts the loopback services the integration tests use, when they are installed but not running.
# A machine without them is fine outside CI: those tests skip with a message. Under CI=true they run,
# so a service that cannot be started here makes the tests fail loudly.
set -u

up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2
  for _ in $(seq 1 60); do up "$port" && return 0; sleep 1; done
  echo "services: $name did not come up on 127.0.0.1:$port" >&2
  return 1
}

start() { # name port command...
  local name=$1 port=$2; shift 2
  if up "$port"; then echo "services: $name is up on $port"; return 0; fi
  if ! command -v "$1" >/dev/null 2>&1; then echo "services: $name is not installed ($1 missing)"; return 0; fi
  echo "services: starting $name"
  "$@" >/dev/null 2>&1 || true
  wait_port "$port" "$name" && echo "services: $name started on $port"
}

if command -v pg_ctlcluster >/dev/null 2>&1 && ! up 5432; then
  ver=$(ls /etc/postgresql 2>/dev/null | head -n1)
  [ -n "$ver" ] && { echo "services: starting PostgreSQL $ver"; pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true; wait_port 5432 PostgreSQL; }
else
  up 5432 && echo "services: PostgreSQL is up on 5432"
fi
start MariaDB 3306 start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
start Redis 6379 redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
start RabbitMQ 5672 rabbitmq-server -detached
# NATS with JetStream (the tests of tracing-nats); its store in /var/lib/nats-server.
if [ -x /usr/sbin/nats-server ] || up 4222; then
  start NATS 4222 start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
else
  echo "services: NATS is not installed (/usr/sbin/nats-server missing)"
fi
exit 0
