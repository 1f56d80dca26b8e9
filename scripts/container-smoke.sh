#!/usr/bin/env bash
# Container smoke test: builds the origin image with the container lab (podman; see
# ../shared/container-lab/README.md), checks that the image is lean, runs it alone against this
# machine's MariaDB the way the ASG's user data does (migrations as one-shot runs, then the origin),
# runs the development image with sources bind-mounted and checks a changed storefront file and a
# changed TypeScript file are served without a rebuild (what `docker compose watch` relies on),
# then brings docker-compose.yml up and uses the stack through the edge: catalog, login, an order
# placed and paid with a bearer token, its e-mail at the mail catcher's REST API, the storefront;
# both origin replicas healthy and ready; one replica stopped with SIGTERM while requests flow;
# every service stopped within its grace period; `down -v`. Everything it starts is removed on
# exit, also on failure.
#
#   scripts/container-smoke.sh          needs root (re-runs itself with sudo)
#
# Environment: LAB_SH   the lab script (default ../shared/container-lab/lab.sh beside the repo, else
#                       the team folder's /work/shared/container-lab/lab.sh, for a clone elsewhere)
#              PORT     the edge's published port (default 3000; another free one when 3000 is taken)
#              MAIL_UI_PORT  the mail catcher's published port (default 1080; likewise)
#              MYSQL_HOST, MYSQL_PORT  this machine's MariaDB (127.0.0.1, 3306; root, no password)
#              SKIP_BUILD=1            reuse the image already built
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" != 0 ]; then
  exec sudo --preserve-env=LAB_SH,PORT,MAIL_UI_PORT,MYSQL_HOST,MYSQL_PORT,SKIP_BUILD,LAB "$0" "$@"
fi

if [ -z "${LAB_SH:-}" ]; then
  LAB_SH=$repo/../shared/container-lab/lab.sh
  [ -x "$LAB_SH" ] || LAB_SH=/work/shared/container-lab/lab.sh
fi
LAB=${LAB:-/tmp/container-lab}
export CONTAINERS_CONF=$LAB/containers.conf
IMAGE=localhost/bookstore:local
DEV_IMAGE=localhost/bookstore:dev
MAIL_IMAGE=localhost/bookstore-mail:local
BASE_IMAGE=localhost/node:24-bookworm-slim
BUILD_BASE_IMAGE=localhost/node:24-bookworm
PROJECT=bookstore
MYSQL_HOST=${MYSQL_HOST:-127.0.0.1}
MYSQL_PORT=${MYSQL_PORT:-3306}
SMOKE_DB=bookstore_container_smoke
STANDALONE=bookstore-smoke-origin
DEVELOPMENT=bookstore-smoke-dev
# Grace periods of docker-compose.yml (stop_grace_period; Compose's default is 10 s).
declare -A GRACE=([edge]=10 [origin]=30 [db]=10 [mail]=10)

started=$(date +%s)
work=$(mktemp -d /tmp/container-smoke.XXXXXX)
background=()
stack_up=""

say() { printf '[smoke %s +%ss] %s\n' "$(date +%T)" "$(($(date +%s) - started))" "$*"; }
fail() {
  say "FAILED: $*" >&2
  exit 1
}
mysql_root() { mysql --protocol=tcp -h"$MYSQL_HOST" -P"$MYSQL_PORT" -uroot "$@"; }

# Polls "$@" once a second until it succeeds; fails after $1 seconds naming what it waited for.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$(($(date +%s) + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "$what: not within ${seconds} s"
    sleep 1
  done
}

cleanup() {
  local status=$?
  for pid in "${background[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ "$status" != 0 ]; then
    for name in $(podman ps -a --format '{{.Names}}' 2>/dev/null | grep -E "^(${PROJECT}_|$STANDALONE$|$DEVELOPMENT$)"); do
      echo "--- last lines of $name"
      podman logs --tail 15 "$name" 2>&1 || true
    done
  fi
  for name in "$STANDALONE" "$DEVELOPMENT"; do podman rm -f -t 0 "$name" >/dev/null 2>&1 || true; done
  [ -z "$stack_up" ] || "$LAB_SH" down "$repo" >/dev/null 2>&1 || true
  mysql_root -e "DROP DATABASE IF EXISTS \`$SMOKE_DB\`" >/dev/null 2>&1 || true
  rm -rf "$work"
  say "$([ "$status" = 0 ] && echo passed || echo failed) in $(($(date +%s) - started)) s"
}
trap cleanup EXIT
trap 'say "FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
port_taken() { node -e "require('net').connect($1,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; }

# `request METHOD URL [JSON body] [extra curl arguments...]`: the body goes to $work/body, the status
# code to stdout.
request() {
  local method=$1 url=$2 body=${3:-}
  shift $(($# < 3 ? $# : 3))
  local args=(-sS -o "$work/body" -w '%{http_code}' --max-time 20 -X "$method" "$@")
  [ -z "$body" ] || args+=(-H 'content-type: application/json' --data "$body")
  curl "${args[@]}" "$url"
}
expect_status() {
  local want=$1 got=$2 what=$3
  [ "$got" = "$want" ] || fail "$what: HTTP $got, expected $want: $(head -c 600 "$work/body")"
}

[ -x "$LAB_SH" ] || fail "the container lab is not at $LAB_SH (set LAB_SH)"
"$LAB_SH" setup >/dev/null
# The compose services find each other by name (db, origin, edge): with podman's CNI network
# backend that takes CNI's dnsname plugin, which the podman package only recommends.
if [ "$(podman info --format '{{.Host.NetworkBackend}}')" = cni ] && [ ! -x /usr/lib/cni/dnsname ]; then
  say "installing CNI's dnsname plugin (service names inside the compose network)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    golang-github-containernetworking-plugin-dnsname >/dev/null
fi
for tool in curl jq mysql node; do command -v "$tool" >/dev/null || fail "$tool is needed"; done

# ---------------------------------------------------------------------------------------------
say "1. build $IMAGE with the lab"
if [ "${SKIP_BUILD:-}" != 1 ]; then
  t0=$(date +%s)
  "$LAB_SH" build "$repo" "$IMAGE" >"$work/build.log" 2>&1 || {
    tail -40 "$work/build.log"
    fail "image build"
  }
  say "built in $(($(date +%s) - t0)) s"
  # The other targets: the lab builds only the default one, so these get the lab's base images the
  # way it passes them (compose's `up` would build a missing one from the official images).
  for target in development:$DEV_IMAGE mail:$MAIL_IMAGE; do
    t0=$(date +%s)
    podman build --format docker --network host --build-arg "NODE_IMAGE=$BASE_IMAGE" \
      --build-arg "NODE_BUILD_IMAGE=$BUILD_BASE_IMAGE" --target "${target%%:*}" -t "${target#*:}" \
      "$repo" >"$work/build-${target%%:*}.log" 2>&1 || {
      tail -40 "$work/build-${target%%:*}.log"
      fail "build of the ${target%%:*} target"
    }
    say "built the ${target%%:*} target in $(($(date +%s) - t0)) s"
  done
fi

say "2. the runtime image is lean"
image_size=$(podman image inspect "$IMAGE" --format '{{.Size}}')
base_size=$(podman image inspect "$BASE_IMAGE" --format '{{.Size}}')
say "image size: $((image_size / 1000000)) MB; base $BASE_IMAGE: $((base_size / 1000000)) MB; the project adds $(((image_size - base_size) / 1000000)) MB"
healthcheck=$(podman image inspect "$IMAGE" --format '{{json .Config.Healthcheck}}')
case "$healthcheck" in *healthz*) say "HEALTHCHECK: $healthcheck" ;; *) fail "no HEALTHCHECK in the image: $healthcheck" ;; esac
uid=$(podman run --rm --network none --no-healthcheck "$IMAGE" id -u)
[ "$uid" != 0 ] || fail "the image runs as root"
say "runs as uid $uid"
compilers=$(podman run --rm --network none --no-healthcheck "$IMAGE" sh -c 'for tool in cc gcc g++ c++ clang make python3; do command -v $tool || true; done')
[ -z "$compilers" ] || fail "build tools in the runtime image: $compilers"
podman run --rm --network none --no-healthcheck "$IMAGE" node -e "require.resolve('sqlite3')" >/dev/null 2>&1 &&
  fail "sqlite3 is in the runtime image"
# Every installed package must be a production one by the lock file (no dev-only package).
podman run --rm --network none --no-healthcheck "$IMAGE" node -e "
  const fs = require('fs'), path = require('path');
  const walk = (dir) => fs.readdirSync(dir).filter((n) => !n.startsWith('.')).flatMap((name) => {
    if (name.startsWith('@')) return walk(path.join(dir, name));
    const pkg = path.join(dir, name);
    const nested = path.join(pkg, 'node_modules');
    return [pkg, ...(fs.existsSync(nested) ? walk(nested) : [])];
  });
  console.log(walk('node_modules').join('\n'));" >"$work/installed.txt"
node -e "
  const lock = require('$repo/package-lock.json').packages;
  const installed = require('fs').readFileSync('$work/installed.txt', 'utf8').split('\n').filter(Boolean);
  const dev = installed.filter((p) => !lock[p] || lock[p].dev);
  if (dev.length) { console.error('not production dependencies: ' + dev.join(', ')); process.exit(1); }
  console.log(installed.length + ' packages, all production dependencies by the lock file');" ||
  fail "the image has packages that are not production dependencies"
# ...and every production dependency but sqlite3 loads there (native ones such as sharp included).
podman run --rm --network none --no-healthcheck "$IMAGE" node -e "
  const deps = Object.keys(require('./package.json').dependencies).filter((name) => name !== 'sqlite3');
  for (const name of deps) require(name);
  console.log(deps.length + ' production dependencies load in the image');" ||
  fail "a production dependency does not load in the image"
say "no compiler, no sqlite3, $(wc -l <"$work/installed.txt") production packages"
for image in "$DEV_IMAGE" "$MAIL_IMAGE"; do
  [ "$(podman run --rm --network none "$image" id -u)" != 0 ] || fail "$image runs as root"
  say "$image: $(($(podman image inspect "$image" --format '{{.Size}}') / 1000000)) MB, not root"
done

# ---------------------------------------------------------------------------------------------
say "3. the image alone against this machine's MariaDB, as the ASG's user data runs it"
mysql_root -e "DROP DATABASE IF EXISTS \`$SMOKE_DB\`; CREATE DATABASE \`$SMOKE_DB\`"
origin_port=$(free_port)
# What the user data's env file holds (SSM settings + DATABASE_URL), pointed at this machine.
cat >"$work/origin.env" <<ENV
NODE_ENV=production
LOG_LEVEL=info
ORIGIN_PORT=$origin_port
JWT_ISSUER=https://shop.example.org
JWT_AUDIENCE=bookstore-api
JWT_JWKS_URL=https://shop.example.org/.well-known/jwks.json
DATABASE_URL=mysql://root@$MYSQL_HOST:$MYSQL_PORT/$SMOKE_DB
ENV
for command in "node dist/shared/cli/migrate.js" "node dist/shared/cli/seed.js"; do
  # shellcheck disable=SC2086 # the command is split into words, as the user data does
  podman run --rm --network host --no-healthcheck --env-file "$work/origin.env" "$IMAGE" $command >"$work/oneshot.log" 2>&1 || {
    cat "$work/oneshot.log"
    fail "one-shot run: $command"
  }
  say "one-shot run ok: $command"
done
# Without systemd podman cannot schedule the HEALTHCHECK (it says so on stderr); it is run by hand.
podman run -d --name "$STANDALONE" --network host --env-file "$work/origin.env" "$IMAGE" >/dev/null 2>"$work/podman.err"
wait_for 60 "standalone origin ready on :$origin_port" curl -fsS "http://127.0.0.1:$origin_port/readyz"
wait_for 30 "standalone origin healthy by its HEALTHCHECK" podman healthcheck run "$STANDALONE"
expect_status 200 "$(request GET "http://127.0.0.1:$origin_port/")" "standalone storefront /"
expect_status 401 "$(request GET "http://127.0.0.1:$origin_port/api/v1/orders")" "standalone orders without a token"
t0=$(date +%s)
podman stop -t 30 "$STANDALONE" >/dev/null 2>>"$work/podman.err"
code=$(podman inspect "$STANDALONE" --format '{{.State.ExitCode}}')
[ "$code" = 0 ] || fail "standalone origin exited with $code on SIGTERM"
podman logs "$STANDALONE" 2>&1 | grep -q '"origin stopped"' || fail "standalone origin did not log its drain"
say "standalone origin: ready, healthy, storefront and auth answer; SIGTERM → exit 0 in $(($(date +%s) - t0)) s"
podman rm "$STANDALONE" >/dev/null 2>>"$work/podman.err"

# ---------------------------------------------------------------------------------------------
say "3b. the development image serves changed sources without a rebuild (docker compose watch)"
# podman-compose has no `watch`: the sources are bind-mounted instead of synced, which is the same
# for the container. A copy, so the repository is never changed.
mkdir -p "$work/dev-src"
cp -r "$repo/web" "$repo/origin" "$work/dev-src/"
dev_port=$(free_port)
podman run -d --name "$DEVELOPMENT" --network host --env-file "$work/origin.env" \
  -e NODE_ENV=development -e "ORIGIN_PORT=$dev_port" \
  -v "$work/dev-src/web:/app/web:ro" -v "$work/dev-src/origin:/app/origin:ro" \
  "$DEV_IMAGE" >/dev/null 2>>"$work/podman.err"
wait_for 90 "development origin ready on :$dev_port" curl -fsS "http://127.0.0.1:$dev_port/readyz"
marker="live-reload-$$-$(date +%s)"
body_has() { curl -fsS "$1" | grep -q -- "$2"; }
body_has "http://127.0.0.1:$dev_port/" "$marker" && fail "the storefront has the marker before the change"
# A storefront file (compose: `sync`): express.static reads it from disk, no restart.
printf '<!-- %s -->\n' "$marker" >>"$work/dev-src/web/index.html"
wait_for 15 "the changed storefront file served" body_has "http://127.0.0.1:$dev_port/" "$marker"
# A TypeScript file (compose: `sync+restart`): tsx loads the new source when the container restarts.
sed -i "s/{ status: 'ok' }/{ status: '$marker' }/" "$work/dev-src/origin/health/health-routes.ts"
grep -q "$marker" "$work/dev-src/origin/health/health-routes.ts" || fail "the health route's source did not change"
podman restart -t 30 "$DEVELOPMENT" >/dev/null 2>>"$work/podman.err"
wait_for 90 "the changed TypeScript source served after a restart" body_has "http://127.0.0.1:$dev_port/healthz" "$marker"
say "development image: a storefront change served at once, a TypeScript change after a restart, no rebuild"
podman rm -f -t 10 "$DEVELOPMENT" >/dev/null 2>>"$work/podman.err"

# ---------------------------------------------------------------------------------------------
if [ -z "${PORT:-}" ]; then
  PORT=3000
  if port_taken 3000; then PORT=$(free_port) && say "port 3000 is taken here: the edge publishes $PORT"; fi
fi
port_taken "$PORT" && fail "port $PORT is taken"
if [ -z "${MAIL_UI_PORT:-}" ]; then
  MAIL_UI_PORT=1080
  if port_taken 1080; then MAIL_UI_PORT=$(free_port) && say "port 1080 is taken here: the mail catcher publishes $MAIL_UI_PORT"; fi
fi
port_taken "$MAIL_UI_PORT" && fail "port $MAIL_UI_PORT is taken"
export PORT MAIL_UI_PORT
say "4. the compose stack (db → migrate → 2 origin replicas + edge on :$PORT + mail on :$MAIL_UI_PORT)"
stack_up=1
"$LAB_SH" up "$repo" >"$work/up.log" 2>&1 || {
  cat "$work/up.log"
  fail "compose up"
}
edge=http://127.0.0.1:$PORT
api=$edge/api/v1
wait_for 120 "edge answering on :$PORT" curl -fsS "$edge/.well-known/jwks.json"
origin_ready() {
  podman exec "$1" node -e "fetch('http://127.0.0.1:3001/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}
for replica in "${PROJECT}_origin_1" "${PROJECT}_origin_2"; do
  wait_for 90 "$replica healthy (podman healthcheck run)" podman healthcheck run "$replica"
  wait_for 30 "$replica ready (/readyz)" origin_ready "$replica"
done
wait_for 60 "edge healthy (podman healthcheck run)" podman healthcheck run "${PROJECT}_edge_1"
say "both origin replicas healthy and ready, the edge healthy"

expect_status 200 "$(request GET "$api/books?inStock=true&limit=20")" "catalog list"
book=$(jq -r '[.items[] | select(.stock >= 2)][0].id // empty' "$work/body")
[ -n "$book" ] || fail "no book with stock in the catalog: $(head -c 300 "$work/body")"
expect_status 200 "$(request POST "$api/auth/login" '{"email":"buyer@bookstore.local","password":"buyer-demo-password"}')" "login"
token=$(jq -r .accessToken "$work/body")
auth=(-H "authorization: Bearer $token")
expect_status 200 "$(request GET "$api/delivery-providers?country=CO")" "delivery providers for CO"
provider=$(jq -r '.items[0].id // empty' "$work/body")
[ -n "$provider" ] || fail "no delivery provider serves CO: $(head -c 300 "$work/body")"
address='{"name":"Smoke Test","line1":"Calle 10 # 43-12","city":"Medellin","postalCode":"050021","country":"CO"}'
order_body="{\"items\":[{\"bookId\":$book,\"quantity\":1}],\"shippingAddress\":$address,\"deliveryProviderId\":$provider}"
expect_status 201 "$(request POST "$api/orders" "$order_body" "${auth[@]}" -H "idempotency-key: smoke-$$-1")" "order placed with a bearer token"
order=$(jq -r .order.id "$work/body")
expect_status 201 "$(request POST "$api/orders/$order/payment" '{"method":"credit_card"}' "${auth[@]}")" "order paid"
[ "$(jq -r .order.status "$work/body")" = delivery_assigned ] || fail "order $order not paid and booked: $(cat "$work/body")"
# The outbox relay → the notifications function → SMTP → MailDev, read through its REST API.
order_email() {
  curl -fsS --max-time 5 "http://127.0.0.1:$MAIL_UI_PORT/api/email" |
    jq -e --arg subject "Your order #$order is confirmed" \
      'any(.[]; .subject == $subject and .to[0].address == "buyer@bookstore.local")'
}
wait_for 30 "the buyer's e-mail for order $order at the mail catcher" order_email
expect_status 200 "$(request GET "$edge/" "" -H 'accept: text/html')" "storefront /"
grep -qi '<html' "$work/body" || fail "storefront / is not HTML"
say "through the edge: catalog (book $book), login, order $order placed and paid, its e-mail at :$MAIL_UI_PORT, storefront /"

# ---------------------------------------------------------------------------------------------
say "5. SIGTERM to ${PROJECT}_origin_1 while requests flow through the edge"
# Requests through the edge to the origin, four at a time, until told to stop; every answer counted.
cat >"$work/load.js" <<'JS'
const [url, token, stopFile, outFile] = process.argv.slice(2);
const fs = require('fs');
const counts = {};
let stop = false;
const tick = setInterval(() => {
  stop = fs.existsSync(stopFile);
  fs.writeFileSync(outFile, JSON.stringify(counts));
}, 100);
async function worker() {
  while (!stop) {
    const key = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).then(
      async (res) => (await res.arrayBuffer(), String(res.status)),
      (error) => `error ${error.cause?.code ?? error.message}`,
    );
    counts[key] = (counts[key] ?? 0) + 1;
  }
}
Promise.all([worker(), worker(), worker(), worker()]).then(() => {
  clearInterval(tick);
  fs.writeFileSync(outFile, JSON.stringify(counts));
});
JS
# A request in flight on the replica being stopped: headers and half the body before the signal,
# the rest once the replica drains; it must still be answered.
cat >"$work/inflight.js" <<'JS'
const [host, token, body, goFile, outFile] = process.argv.slice(2);
const fs = require('fs');
const req = require('http').request({
  host, port: 3001, method: 'POST', path: '/api/v1/orders',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json',
             'content-length': Buffer.byteLength(body) },
});
req.on('response', (res) => {
  let text = '';
  res.on('data', (chunk) => (text += chunk));
  res.on('end', () => fs.writeFileSync(outFile, `${res.statusCode} ${text}`));
});
req.on('error', (error) => fs.writeFileSync(outFile, `error ${error.code ?? error.message}`));
req.write(body.slice(0, 10));
fs.writeFileSync(`${outFile}.half`, 'sent');
const poll = setInterval(() => {
  if (!fs.existsSync(goFile)) return;
  clearInterval(poll);
  req.end(body.slice(10));
}, 50);
JS
successes() { jq -r '."200" // 0' "$work/load.json" 2>/dev/null || echo 0; }
at_least() { [ "$(successes)" -ge "$1" ]; }
node "$work/load.js" "$api/orders?limit=5" "$token" "$work/load.stop" "$work/load.json" &
background+=($!)
wait_for 30 "requests flowing through the edge" at_least 20
replica_ip=$(podman inspect "${PROJECT}_origin_1" --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}')
node "$work/inflight.js" "$replica_ip" "$token" "$order_body" "$work/inflight.go" "$work/inflight.out" &
background+=($!)
wait_for 15 "in-flight request started on ${PROJECT}_origin_1" test -e "$work/inflight.out.half"
before=$(successes)
t0=$(date +%s)
podman stop -t "${GRACE[origin]}" "${PROJECT}_origin_1" >/dev/null 2>>"$work/podman.err" &
stopping=$!
draining() { podman logs "${PROJECT}_origin_1" 2>&1 | grep -q 'draining'; }
wait_for 15 "${PROJECT}_origin_1 draining" draining
touch "$work/inflight.go"
wait "$stopping" || fail "podman stop ${PROJECT}_origin_1"
stop_seconds=$(($(date +%s) - t0))
code=$(podman inspect "${PROJECT}_origin_1" --format '{{.State.ExitCode}}')
[ "$code" = 0 ] || fail "${PROJECT}_origin_1 exited with $code (not a clean drain)"
wait_for 10 "in-flight request answered" test -s "$work/inflight.out"
inflight_status=$(cut -d' ' -f1 "$work/inflight.out")
[ "$inflight_status" = 201 ] || fail "the in-flight request on the stopped replica: $(cat "$work/inflight.out")"
after_stop=$(successes)
wait_for 30 "the edge answering from the remaining replica" at_least $((after_stop + 50))
touch "$work/load.stop"
wait "${background[0]}"
counts=$(cat "$work/load.json")
total=$(jq '[.[]] | add' <<<"$counts")
failed=$(jq '[to_entries[] | select(.key != "200") | .value] | add // 0' <<<"$counts")
say "drain: ${PROJECT}_origin_1 exited 0 after ${stop_seconds} s (grace ${GRACE[origin]} s); the request in flight on it was answered 201"
say "requests through the edge during the stop: $total ($((after_stop - before)) while it drained, $((total - after_stop)) after), answers $counts"
[ "$failed" = 0 ] || fail "the edge failed $failed requests while a replica stopped: $counts"

# ---------------------------------------------------------------------------------------------
say "6. every service stops within its grace period"
for name in "${PROJECT}_edge_1" "${PROJECT}_origin_2" "${PROJECT}_mail_1" "${PROJECT}_db_1"; do
  service=${name#"${PROJECT}_"}
  service=${service%_1}
  service=${service%_2}
  grace=${GRACE[$service]}
  t0=$(date +%s)
  podman stop -t "$grace" "$name" >/dev/null 2>>"$work/podman.err"
  seconds=$(($(date +%s) - t0))
  code=$(podman inspect "$name" --format '{{.State.ExitCode}}')
  [ "$code" = 0 ] && [ "$seconds" -lt "$grace" ] ||
    fail "$name: exit $code after $seconds s (grace $grace s)"
  say "$name stopped: exit 0 in $seconds s (grace $grace s)"
done
migrate_code=$(podman inspect "${PROJECT}_migrate_1" --format '{{.State.ExitCode}}')
[ "$migrate_code" = 0 ] || fail "migrate exited with $migrate_code"

"$LAB_SH" down "$repo" >/dev/null
stack_up=""
left=$(podman ps -a --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}}')
volumes=$(podman volume ls --format '{{.Name}}' | grep -E "^${PROJECT}_" || true)
[ -z "$left$volumes" ] || fail "down -v left: $left $volumes"
say "7. down -v: no container, no volume left"
