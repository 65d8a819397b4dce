# Build stage: the same Maven build as the README's run command.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY templates templates
COPY src src
RUN mvn -B -q -DskipTests package

# Runtime stage: a JRE, the fat jar, and an unprivileged user.
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin dmc \
 && mkdir -p /app/data/keys && chmod 700 /app/data/keys \
 && chown -R dmc /app
WORKDIR /app
COPY --from=build /src/target/dmc-gateway.jar /app/dmc-gateway.jar
USER dmc
ENV DMC_HTTP_PORT=8080 \
    DMC_DATA_DIR=/app/data \
    TZ=Asia/Bangkok
VOLUME ["/app/data"]
EXPOSE 8080
# The management port when there is one (compose sets it), else the main port.
HEALTHCHECK --interval=15s --timeout=3s --start-period=90s --retries=3 \
  CMD curl -fsS "http://localhost:${DMC_METRICS_PORT:-$DMC_HTTP_PORT}/health" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/dmc-gateway.jar", "serve"]
