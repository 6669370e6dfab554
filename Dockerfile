# One image per part: docker build --build-arg PROJECT=Gateway|Web|MockProvider .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT=Gateway
WORKDIR /src
COPY . .
RUN dotnet publish src/${PROJECT}/${PROJECT}.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG PROJECT=Gateway
ENV APP_DLL=Switchyard.${PROJECT}.dll \
    ASPNETCORE_URLS=http://0.0.0.0:8080
WORKDIR /app
COPY --from=build /app .
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec dotnet \"$APP_DLL\" \"$@\"", "--"]
