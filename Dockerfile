# syntax=docker/dockerfile:1
# KOL Gateway image: one image for the gateway (default command) and the stream worker
# (`node dist/app/worker.js`). Build: `docker build -t kol-gateway .`
# Install scripts are skipped (--ignore-scripts): package.json's allowScripts denies all of them
# (none is needed: the lock file installs the platform binaries), and an npm that predates
# allowScripts would otherwise run onnxruntime-node's CUDA download.

ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: every dependency, compile TypeScript to dist/ ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies, the build, the models and the CQL migrations ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
# onnxruntime-node ships its native runtime for every OS (about 220 MB of it for macOS and Windows).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force \
  && find node_modules/onnxruntime-node/bin/napi-v6 -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} +
COPY --from=build /app/dist ./dist
COPY models ./models
COPY datasources/cassandra/migrations ./datasources/cassandra/migrations
# The embedded mode keeps its model registry state in .data/ (MODEL_REGISTRY_FILE).
RUN mkdir -p .data && chown node:node .data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is the main process (no npm/sh in between): SIGTERM from `docker stop` reaches the
# gateway, which drains requests and subscriptions before it exits.
CMD ["node", "dist/app/main.js"]
