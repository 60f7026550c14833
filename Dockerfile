# syntax=docker/dockerfile:1
# One image for every Switchboard service; the first argument picks the service:
#   docker run ghcr.io/switchboard/switchboard claim-service --cluster

# Build: Debian bookworm, like the development machines (JDK 17, Maven 3.8, Node 20 + npm for the UI).
FROM node:20-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so source edits reuse the cached layer.
COPY pom.xml cluster.xml ./
COPY common/pom.xml common/
COPY claim-service/pom.xml claim-service/
COPY presence-service/pom.xml presence-service/
COPY parking-service/pom.xml parking-service/
COPY voice-webhook-service/pom.xml voice-webhook-service/
COPY dashboard-bridge/pom.xml dashboard-bridge/
COPY telephony-sim/pom.xml telephony-sim/
COPY stack-testing/pom.xml stack-testing/
COPY launcher/pom.xml launcher/
COPY bench/pom.xml bench/
COPY e2e/pom.xml e2e/
RUN mvn -B -q -pl launcher -am dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -q -pl launcher -am package -DskipTests

# Run: a JRE only, as an unprivileged user, with a read-only root filesystem in Kubernetes
# (the JVM and Vert.x write only to /tmp).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid switchboard --home /app --shell /usr/sbin/nologin switchboard
WORKDIR /app
COPY --from=build /src/launcher/target/switchboard.jar /app/switchboard.jar
USER 10001:10001
EXPOSE 8080 5701
# Container-aware heap; Hazelcast's module flags; JSON logs for log shippers.
ENV SWITCHBOARD_LOG_FORMAT=json \
    JAVA_OPTS="-XX:MaxRAMPercentage=70 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Dvertx.cacheDirBase=/tmp/vertx-cache --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
# exec: the JVM is PID 1 and gets SIGTERM directly, so shutdown is graceful.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/switchboard.jar \"$@\"", "switchboard"]
CMD ["all"]
