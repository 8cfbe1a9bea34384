# EnvServer: OpenEnv-compatible clinical RL environments (ASP.NET Core, .NET 10).
# Build: docker build -t envserver .      Run: docker run -p 8000:8000 envserver
# Also the Hugging Face Space image (README front matter: sdk docker, app_port 8000).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
# Restore first, from the project files only, so code edits do not invalidate the package layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/EnvServer.Environments/EnvServer.Environments.csproj src/EnvServer.Environments/
COPY src/EnvServer.Agent.Core/EnvServer.Agent.Core.csproj src/EnvServer.Agent.Core/
COPY src/EnvServer.Client/EnvServer.Client.csproj src/EnvServer.Client/
COPY src/EnvServer.Api/EnvServer.Api.csproj src/EnvServer.Api/
RUN dotnet restore src/EnvServer.Api/EnvServer.Api.csproj
COPY src/EnvServer.Environments/ src/EnvServer.Environments/
COPY src/EnvServer.Agent.Core/ src/EnvServer.Agent.Core/
COPY src/EnvServer.Client/ src/EnvServer.Client/
COPY src/EnvServer.Api/ src/EnvServer.Api/
# The environments' data files are published into /app/data by the environments project.
COPY data/ data/
RUN dotnet publish src/EnvServer.Api/EnvServer.Api.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV PORT=8000
EXPOSE 8000
# The aspnet images define the unprivileged "app" user (APP_UID 1654).
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["dotnet", "EnvServer.Api.dll", "--health-check"]
ENTRYPOINT ["dotnet", "EnvServer.Api.dll"]
