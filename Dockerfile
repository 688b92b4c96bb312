# MOM Hub: build with the whole toolchain, run with production dependencies and the compiled hub only.
#   docker build -t mom-hub .        (or: docker compose up, with compose.yaml)

# ---- build: install everything, compile the hub (src, adapters, migrations) and the portal ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lock file records no per-platform optional bindings (see .ci/run).
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY migrations ./migrations
COPY portal ./portal
COPY station ./station
# bench/ is part of the build's tsconfig, and imports the typed documents the tests generate.
COPY bench ./bench
COPY test/generated ./test/generated
RUN npm run build

# ---- runtime: Node 24, production dependencies, dist/, the portal's static files; not root ----
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/portal/public ./portal/public
COPY --from=build /app/station/public ./station/public
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4000
# Liveness: the process answers and its database is reachable (GET /readyz says whether it should get traffic).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node runs as PID 1 and handles `docker stop`'s SIGTERM itself: it stops in order and exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/src/app/main.js"]
