# syntax=docker/dockerfile:1
# Multi-stage build: restore from the project files alone (a cached layer until a package changes), then build.

# Pinned tags: a rebuild next month gets the same SDK and runtime (bump them on purpose).
FROM mcr.microsoft.com/dotnet/sdk:10.0.100 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/CodRocket.Stock/CodRocket.Stock.csproj src/CodRocket.Stock/
COPY src/CodRocket.Stock.Web/CodRocket.Stock.Web.csproj src/CodRocket.Stock.Web/
# ExcludeDesignTime: EF's design-time assembly and Roslyn (dotnet ef's, 14 MB) stay out of the image.
RUN dotnet restore src/CodRocket.Stock.Web/CodRocket.Stock.Web.csproj -p:ExcludeDesignTime=true
COPY src/ src/
RUN dotnet publish src/CodRocket.Stock.Web/CodRocket.Stock.Web.csproj -c Release --no-restore -p:ExcludeDesignTime=true -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12 AS runtime
WORKDIR /app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_gcServer=0
COPY --from=build /app .
USER $APP_UID
EXPOSE 8080
# "migrate" applies the database migrations (and Hangfire's schema) and exits (the compose "migrate" service runs it once).
ENTRYPOINT ["dotnet", "CodRocket.Stock.Web.dll"]
