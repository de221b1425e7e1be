# The bot and its workers. PostgreSQL and Redis run as their own services (docker-compose.yml).
# Build: dev dependencies, compile TypeScript into dist/ (npm ci runs `prepare` = `npm run build`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm rebuild && npm run build && npm prune --omit=dev --no-audit --no-fund

# Run: production dependencies and the compiled code only, as an unprivileged user.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# Scheduled backups (BACKUP_DIR) and the embedded database, if used, go where the unprivileged user can write.
RUN mkdir -p /backups /app/data && chown node:node /backups /app/data
USER node
# Migrations run at start; several replicas may start together (TypeORM takes a lock on its migrations table).
# NODE_ENV=production: the process refuses to start without a CODE_HASH_KEY of at least 32 bytes.
CMD ["node", "dist/main.js"]
