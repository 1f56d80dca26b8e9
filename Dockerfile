# BookStore origin: the container service behind the load balancer (also runs the migrations and,
# under docker compose, the local edge). Build: docker build -t bookstore .
# Build stages may use the full image (a compiler, should a native addon have no prebuilt binary
# for the platform); the runtime stage is the slim one. Both pinned to one Node 24 LTS release.
ARG NODE_BUILD_IMAGE=node:24.21.0-bookworm
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# 1. Compile TypeScript with the full (dev) dependency set. Only tsc runs here, so no package's
#    install script is needed (sqlite3 would otherwise be compiled for nothing).
FROM ${NODE_BUILD_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY shared ./shared
COPY origin ./origin
COPY handlers ./handlers
COPY edge ./edge
COPY scripts ./scripts
RUN npm run build

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
