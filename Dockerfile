# BookStore origin: the container service behind the load balancer (also runs the migrations and,
# under docker compose, the local edge). Build: docker build -t bookstore .
# Build stages may use the full image (a compiler, should a native addon have no prebuilt binary
# for the platform); the runtime stage is the slim one. Both pinned to one Node 24 LTS release.
# The last stage, `runtime`, is the default target; `development` (docker compose watch, see
# compose.dev.yaml) and `mail` (the local mail catcher) are built only when asked for.
ARG NODE_BUILD_IMAGE=node:24.21.0-bookworm
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# 1. The full (dev) dependency set. Only tsc and tsx run from it, so no package's install script is
#    needed (sqlite3 would otherwise be compiled for nothing: containers use MySQL).
FROM ${NODE_BUILD_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

# 1a. Compile TypeScript.
FROM dependencies AS build
COPY tsconfig.json tsconfig.build.json ./
COPY shared ./shared
COPY origin ./origin
COPY handlers ./handlers
COPY edge ./edge
COPY scripts ./scripts
RUN npm run build

# 1b. Development (docker compose watch): every dependency, the TypeScript sources run through tsx,
#     no build step. The sources belong to the unprivileged user, so Compose can sync changed files
#     into a running container; package.json or the lock file changing rebuilds the image.
FROM dependencies AS development
ENV NODE_ENV=development \
    HOST=0.0.0.0 \
    ORIGIN_PORT=3001
COPY --chown=node:node tsconfig.json ./
COPY --chown=node:node shared ./shared
COPY --chown=node:node origin ./origin
COPY --chown=node:node handlers ./handlers
COPY --chown=node:node edge ./edge
COPY --chown=node:node web ./web
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3001
CMD ["node", "--import", "tsx", "origin/server.ts"]

# 1c. The local mail catcher's dependencies: MailDev alone, at the version and with the dependency
#     tree the lock file pins (npm ci installs what package.json still names, from the lock file).
FROM ${NODE_BUILD_IMAGE} AS mail-dependencies
WORKDIR /mail
COPY package.json package-lock.json ./
RUN node -e "const fs = require('fs'); const p = require('./package.json'); \
      fs.writeFileSync('package.json', JSON.stringify({ name: p.name, private: true, \
        devDependencies: { maildev: p.devDependencies.maildev } }))" \
 && npm ci --ignore-scripts --no-audit --no-fund

# 1d. The mail catcher (compose's `mail` service): MailDev on the slim base, SMTP on 1025, its web
#     page and REST API on 1080; e-mails in memory.
FROM ${NODE_IMAGE} AS mail
WORKDIR /mail
COPY --from=mail-dependencies /mail/node_modules ./node_modules
USER node
EXPOSE 1025 1080
CMD ["node", "node_modules/maildev/dist/bin/maildev.js", "--smtp", "1025", "--web", "1080", \
     "--ip", "0.0.0.0", "--web-ip", "0.0.0.0"]

# 2. Production dependencies only, from the lock file, without sqlite3: containers always talk to
#    MySQL (the embedded SQLite default is for `npm start`), and sqlite3 is loaded only for a
#    sqlite: DATABASE_URL. npm ci then leaves out sqlite3 and what only it needs.
FROM ${NODE_BUILD_IMAGE} AS production-dependencies
WORKDIR /app
# swagger-ui-dist (the /docs renderer) depends on scarf, whose install script reports the install
# over the network. package.json's allowScripts already stops it under npm >= 11.16; this stops it
# under whichever npm the image has.
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm pkg delete dependencies.sqlite3 && npm ci --omit=dev --no-audit --no-fund

# 3. The runtime image: compiled code, production dependencies, the storefront; no compiler.
FROM ${NODE_IMAGE} AS runtime
# The servers listen on 127.0.0.1 unless HOST says otherwise; in a container only the published
# ports reach it, so every interface is the right default here (plain docker run, Swarm, the ASG).
# UV_THREADPOOL_SIZE: libuv's pool (default 4 threads) runs sharp's renders and also token checks,
# DNS lookups and file reads; it is sized once, before first use, so that the one render a process
# runs at once (origin/covers/render-slots.ts) leaves seven threads to everything else.
# MALLOC_ARENA_MAX: glibc gives each thread that allocates (libvips' workers, the pool's threads) an
# arena of its own, and the ~120 MB a large JPEG's decode takes stays resident in it afterwards;
# two arenas kept eight hostile uploads' peak at 355 MB instead of 421 MB (bench:covers).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    ORIGIN_PORT=3001 \
    UV_THREADPOOL_SIZE=8 \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY web ./web
# The only writable place: the local edge's generated signing key (docker compose).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3001
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.ORIGIN_PORT || 3001) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the drain (readiness fails, in-flight requests finish, the pool closes).
STOPSIGNAL SIGTERM
# V8 sizes its heap from the host's memory. On a large host it gives the young generation 64 MB
# (most of it garbage between scavenges) and, with an old-generation limit of 2 GB or more, lets the
# old generation grow to 4x its live objects before collecting it (2x and less under that limit):
# the origin's 35 MB of live objects reached 90 MB of heap and 180 MB resident under bench:orders.
# 8 MB semi-spaces and the old-generation limit V8 gives a 1 GB machine (256 MB, seven times the
# origin's live heap) keep it near 130 MB. The same command is package.json's start:origin, whose
# flags bench:orders runs with.
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=256", "dist/origin/server.js"]
