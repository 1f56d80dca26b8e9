# BookStore origin: the container service behind the load balancer (also runs the migrations and,
# under docker compose, the local edge). Build: docker build -t bookstore .
ARG NODE_IMAGE=node:20.19-bookworm-slim

# 1. Compile TypeScript with the full (dev) dependency set.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY shared ./shared
COPY origin ./origin
COPY handlers ./handlers
COPY edge ./edge
COPY scripts ./scripts
RUN npm run build

# 2. Production dependencies only (native modules such as sqlite3 are built here).
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. The runtime image: compiled code, production dependencies, the storefront, no compilers.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    ORIGIN_PORT=3001
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY web ./web
# The only writable place: local signing keys and SQLite files when no MySQL is configured.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3001
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.ORIGIN_PORT || 3001) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the drain (readiness fails, in-flight requests finish, the pool closes).
STOPSIGNAL SIGTERM
CMD ["node", "dist/origin/server.js"]
