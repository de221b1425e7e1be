# The bot and its workers. PostgreSQL and Redis run as their own services (docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Scheduled backups (BACKUP_DIR) go to a volume the unprivileged user can write.
RUN mkdir -p /backups && chown node:node /backups
USER node
# Migrations run at start; several replicas may start together (TypeORM takes a lock on its migrations table).
CMD ["npx", "tsx", "main.ts"]
