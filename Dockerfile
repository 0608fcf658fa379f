# One image for every flowpolicy service; the command picks the role (generate, ingest, inventory, streams, sink).
# Build: docker build -t flowpolicy:latest .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# POMs first, so the dependency layer is rebuilt only when a POM changes, not on every source edit.
COPY pom.xml .
COPY flow-model/pom.xml flow-model/
COPY kafka-embedded/pom.xml kafka-embedded/
COPY ingest/pom.xml ingest/
COPY streams-app/pom.xml streams-app/
COPY policy-sink/pom.xml policy-sink/
COPY local/pom.xml local/
RUN mvn -B -q -pl local -am dependency:go-offline -DexcludeReactor=true || true
COPY . .
RUN mvn -B -q -pl local -am package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app flowpolicy
WORKDIR /app
# The jar's manifest puts lib/*.jar on its class path, so both must sit side by side.
COPY --from=build /src/local/target/flowpolicy.jar /app/flowpolicy.jar
COPY --from=build /src/local/target/lib /app/lib
USER 10001
ENTRYPOINT ["java", "-cp", "/app/flowpolicy.jar:/app/lib/*", "io.flowpolicy.local.FlowpolicyCommand"]
CMD ["--help"]
