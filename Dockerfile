# async-stand: the stand as a container. Build: docker build -t async-stand .
# Run:   docker run -p 8080:8080 async-stand
# Stage 1: install with dev dependencies and build the JavaScript (the CLI as one bundled file, the
# dashboard's browser script as dist/admin/ui/app.js).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle-cli.mjs scripts/cli-launcher.mjs ./scripts/
COPY src ./src
# The build starts the CLI once (the default scenario, shipped fixtures) to write V8's code cache
# of the bundle; this image's Node is the runtime's, so the cache holds.
COPY scenarios ./scenarios
COPY fixtures ./fixtures
RUN npm run build

# Stage 2: production dependencies only.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

# Stage 3: the runtime: built JavaScript, production modules, shipped scenarios and fixtures.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    STAND_HOST=0.0.0.0 \
    STAND_PORT=8080 \
    STAND_APPMETRICA_PORT=8081 \
    STAND_MYTARGET_PORT=8082 \
    STAND_TOLOKA_PORT=8083 \
    STAND_SCENARIOS_DIR=/scenarios \
    STAND_FIXTURES_DIR=/fixtures
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY scenarios ./scenarios
COPY fixtures ./fixtures
# Mount your own at /scenarios and /fixtures; names not found there come from the shipped ones.
RUN mkdir -p /scenarios /fixtures && chown node:node /scenarios /fixtures
USER node
EXPOSE 8080 8081 8082 8083
# The slim image has no curl or wget: node's fetch does the check.
HEALTHCHECK --interval=1s --timeout=2s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.STAND_PORT||8080)+'/_stand/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: the stand closes gracefully and exits 0.
CMD ["node", "dist/cli.js"]
