# OpenClue server image: `docker build -t openclue .` from the repository root.
#
# Stage 1 publishes the server with the .NET SDK; stage 2 is the ASP.NET Core runtime image with the published
# files, a non-root user and a health check. Both base images are build arguments so a mirror or a locally
# made base can stand in (tests/OpenClue.Deployment.Tests builds this file on a Debian base made with
# debootstrap and a self-contained publish, through PUBLISHED).
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0
# The stage (or image) whose /app holds the published server: `build` below, or an image made elsewhere.
ARG PUBLISHED=build

FROM ${SDK_IMAGE} AS build
WORKDIR /src
# Restore first, from the project files alone, so source edits do not invalidate the package layer.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/OpenClue.Modeling/OpenClue.Modeling.csproj src/OpenClue.Modeling/
COPY src/OpenClue.Server/OpenClue.Server.csproj src/OpenClue.Server/
RUN dotnet restore src/OpenClue.Server/OpenClue.Server.csproj -r linux-x64
COPY src/ src/
# A runtime identifier makes the publish ReadyToRun (precompiled): the first job of a process does not wait
# for the JIT. Use linux-arm64 on ARM hosts.
RUN dotnet publish src/OpenClue.Server/OpenClue.Server.csproj -c Release -r linux-x64 --self-contained false \
      --no-restore -o /app

FROM ${PUBLISHED} AS published

FROM ${RUNTIME_IMAGE} AS runtime
# The official ASP.NET Core images define APP_UID (1654, user `app`); a custom base must do the same.
ARG APP_UID=1654
ENV ASPNETCORE_HTTP_PORTS=8080 \
    OpenClue__DataDir=/var/lib/openclue \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
WORKDIR /app
COPY --from=published /app /app
RUN mkdir -p /var/lib/openclue && chown ${APP_UID} /var/lib/openclue
# Embedded installations keep everything here; with PostgreSQL and S3 it is scratch space only.
VOLUME /var/lib/openclue
USER ${APP_UID}
EXPOSE 8080
# Readiness of this process (database, job store, storage) over plain HTTP with bash's /dev/tcp: the runtime
# images carry no curl or wget.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${ASPNETCORE_HTTP_PORTS%%[,;]*} && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# `--role api` / `--role worker` split the server on PostgreSQL (see docs/deploy.md); `admin …` manages keys.
ENTRYPOINT ["/app/OpenClue.Server"]
