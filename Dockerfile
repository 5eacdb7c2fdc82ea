# Yardstick web app. Build: docker build -t yardstick . ; run with DATABASE_URL and AUTH_SECRET.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
COPY . .
RUN npm ci --no-audit --no-fund && npx turbo run build --filter=@yardstick/web
EXPOSE 3000
# `npm start` applies migrations, seeds the demo on an empty database and serves on $PORT.
CMD ["npx", "tsx", "scripts/start.ts"]
