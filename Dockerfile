# Atelier — production image. Needs DATABASE_URL (PostgreSQL ≥ 15); ships no embedded database.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force

FROM node:24-slim
# TZ only makes logs and shells read in Paris time: the code takes "today" from its Paris clock.
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    TZ=Europe/Paris
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json tsconfig.json ./
COPY --chown=node:node src ./src
COPY --chown=node:node views ./views
COPY --chown=node:node migrations ./migrations
USER node
# Compress the stylesheets and scripts once, at build, into the system's temporary folder (src/platform/assets.ts).
RUN node --import tsx -e "await (await import('./src/platform/assets.ts')).warmAssets()"
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node_modules/.bin/tsx", "src/main.ts"]
