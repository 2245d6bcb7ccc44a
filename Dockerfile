# async-stand: the stand as a container. Build: docker build -t async-stand .
# Run:   docker run -p 8080:8080 async-stand
# Stage 1: install with dev dependencies and build the JavaScript (the CLI as one bundled file, the
# dashboard's browser script as dist/admin/ui/app.js).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle-cli.mjs scripts/bundle-lib.mjs scripts/cli-launcher.mjs ./scripts/
COPY LICENSE ./
COPY src ./src
# The build starts the CLI once (the default scenario, shipped fixtures) to write V8's code cache
# of the bundle; this image's Node is the runtime's, so the cache holds.
COPY scenarios ./scenarios
COPY fixtures ./fixtures
RUN npm run build

# Stage 2: the one module the bundled CLI loads from node_modules: undici (kept out of the bundle,
# loaded on the first callback; scripts/bundle-cli.mjs says why).
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

# Stage 3: the runtime: the bundled CLI and what it reads (its code cache, the dashboard's
# script, package.json for the version), undici, shipped scenarios and fixtures; nothing of the
# library's per-module build, types, source maps or the other production modules (bundled).
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    STAND_HOST=0.0.0.0 \
    STAND_PORT=8080 \
    STAND_APPMETRICA_PORT=8081 \
    STAND_MYTARGET_PORT=8082 \
    STAND_TOLOKA_PORT=8083 \
    STAND_SCENARIOS_DIR=/scenarios \
    STAND_FIXTURES_DIR=/fixtures \
    STAND_HEALTH_FILE=/tmp/async-stand.health
WORKDIR /app
COPY --from=deps /app/node_modules/undici ./node_modules/undici
COPY --from=build /app/dist/cli.js /app/dist/cli.bundle.cjs /app/dist/cli.bundle.cjs.cache ./dist/
COPY --from=build /app/dist/admin/ui/app.js ./dist/admin/ui/app.js
COPY package.json LICENSE ./
COPY scenarios ./scenarios
COPY fixtures ./fixtures
# Mount your own at /scenarios and /fixtures; names not found there come from the shipped ones.
RUN mkdir -p /scenarios /fixtures && chown node:node /scenarios /fixtures
USER node
EXPOSE 8080 8081 8082 8083
# Health without a second Node process each second (a node -e fetch(...) check costs ~40 MB and
# ~50 ms of CPU every time): the stand keeps STAND_HEALTH_FILE while it listens, touched every
# 10 s by the event loop that serves requests (src/cli-health.ts); the shell's find checks it.
HEALTHCHECK --interval=1s --timeout=2s --start-period=10s --retries=3 \
  CMD ["sh", "-c", "find \"$STAND_HEALTH_FILE\" -mmin -1 2>/dev/null | grep -q ."]
# node is PID 1 and handles SIGTERM itself: the stand closes gracefully and exits 0.
CMD ["node", "dist/cli.js"]
