# The vitess-replicator container image: Maven builds the jars, a JRE runs them.
#
#   docker build -t vitess-replicator:0.1.0-SNAPSHOT .
#   docker run --rm -v $PWD/config/compose-postgres.yaml:/etc/vitess-replicator/replicator.yaml:ro \
#     -e PGPASSWORD=... vitess-replicator:0.1.0-SNAPSHOT
#
# The base images are build arguments, so a mirror or a hardened base can stand in for them; the
# defaults are public images. The build downloads its Maven dependencies from Maven Central, or
# from MAVEN_MIRROR_URL (a repository manager such as Nexus or Artifactory) when it is set.
# docker-compose.yml builds this file; docs/docker.md describes the image.
ARG BUILD_IMAGE=maven:3.9.11-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.16_8-jre-noble

FROM ${BUILD_IMAGE} AS build
ARG MAVEN_MIRROR_URL=""
WORKDIR /src
COPY . .
# Tests are compiled (other modules use their test-jars) but not run: they need the whole local
# stack (README, "Build and test").
# The cache mount keeps ~/.m2 between builds on one engine; it never ends up in the image.
RUN --mount=type=cache,target=/root/.m2/repository \
    set -eu; \
    if [ -n "$MAVEN_MIRROR_URL" ]; then \
      mkdir -p /root/.m2; \
      printf '<settings><mirrors><mirror><id>build-mirror</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors></settings>\n' \
        "$MAVEN_MIRROR_URL" > /root/.m2/settings.xml; \
    fi; \
    mvn -B -q -DskipTests -Dtestenv.skip=true -Dredshift.sql-check.skip=true \
        -pl replicator-dist -am package; \
    mkdir -p /out/bin /out/lib /out/cds; \
    cp replicator-dist/target/replicator/lib/*.jar /out/lib/; \
    cp replicator-dist/target/replicator/cds/replicator.classlist /out/cds/; \
    cp bin/replicator bin/replicator-health /out/bin/

FROM ${RUNTIME_IMAGE}
# A fixed, unprivileged uid/gid, so mounted files can be granted to it (chown 10001).
RUN groupadd --system --gid 10001 replicator \
 && useradd --system --uid 10001 --gid replicator --home-dir /var/lib/vitess-replicator \
      --create-home --shell /usr/sbin/nologin replicator
COPY --from=build /out/ /opt/vitess-replicator/
# The class-data-sharing archive, made by this image's own Java for these jars: each start of the
# replicator then costs about 3 CPU-seconds less and commits sooner. It adds about 90 MB to the
# image; --build-arg CDS_ARCHIVE=false leaves it out (docs/docker.md).
ARG CDS_ARCHIVE=true
RUN if [ "$CDS_ARCHIVE" = true ]; then /opt/vitess-replicator/bin/replicator cds-archive \
      && rm /opt/vitess-replicator/cds/replicator.jsa.log; fi
ENV REPLICATOR_HEALTH_URL=http://127.0.0.1:9464/health \
    JAVA_OPTS="-Xmx1g -XX:+ExitOnOutOfMemoryError"
USER replicator
WORKDIR /var/lib/vitess-replicator
# The config is mounted here; secrets come from the environment through ${NAME} references in it.
VOLUME ["/etc/vitess-replicator"]
EXPOSE 9464
# /health is 200 while replicating; bin/replicator-health needs no curl in the image.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/opt/vitess-replicator/bin/replicator-health"]
# bin/replicator execs java, so the JVM is PID 1 and receives `docker stop`'s SIGTERM itself:
# it commits the batch in flight and exits 0 (give it time: stop_grace_period in compose).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/vitess-replicator/bin/replicator"]
CMD ["run", "--config", "/etc/vitess-replicator/replicator.yaml"]
