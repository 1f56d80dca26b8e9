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
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    ORIGIN_PORT=3001
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
# V8 sizes the young generation from the host's memory (64 MB of it on a 24 GB machine, most of it
# garbage between scavenges); 8 MB semi-spaces keep the origin's resident set near 150 MB at full
# load. The same command is package.json's start:origin, whose flags bench:orders runs with.
CMD ["node", "--max-semi-space-size=8", "dist/origin/server.js"]
