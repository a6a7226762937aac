# syntax=docker/dockerfile:1
# Build with the SDK; run on the ASP.NET runtime image only (no SDK, no compilers in production).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig OpsDashboard.sln ./
COPY src/OpsDashboard/OpsDashboard.csproj src/OpsDashboard/
RUN dotnet restore src/OpsDashboard/OpsDashboard.csproj
COPY src/OpsDashboard/ src/OpsDashboard/
RUN dotnet publish src/OpsDashboard/OpsDashboard.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Non-root (the image's built-in 'app' user, uid 1654). The root filesystem can be read-only: everything the app
# writes (history, the keys that seal sign-in and kiosk cookies, the report state and GitHub cache) is on /data.
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_EnableDiagnostics=0 \
    Dashboard__History__Path=/data/history.db \
    Dashboard__Security__KeysPath=/data/keys \
    Dashboard__Reports__StatePath=/data/report-state.json \
    Dashboard__Reports__GitHub__CachePath=/data/github-cache.json
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "OpsDashboard.dll", "healthcheck", "http://127.0.0.1:8080/healthz/live"]
ENTRYPOINT ["dotnet", "OpsDashboard.dll"]
