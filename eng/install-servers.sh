#!/usr/bin/env bash
# Installs the servers the system runs on (Redis, RabbitMQ) from the distribution's packages when missing.
# The AppHost and the tests start them as ordinary processes on loopback; nothing here starts a system service.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-servers: redis-server and rabbitmq-server are installed" >&2
  exit 0
fi

bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" "${missing[@]}"
