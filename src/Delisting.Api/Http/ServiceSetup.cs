using System.Text.Json.Serialization;
using Delisting.Api.Compliance;
using Delisting.Api.Data;
using Delisting.Api.Engines;
using Delisting.Api.Keys;
using Delisting.Api.Organisations;
using Delisting.Api.Requests;
using Delisting.Api.Rulings;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Delisting.Api.Http;

/// <summary>Composition of the service: kept here so Program.cs stays a table of contents.</summary>
public static class ServiceSetup
{
    public static WebApplicationBuilder AddDelisting(this WebApplicationBuilder builder)
    {
        TypeHandlers.Register();
        var services = builder.Services;
        services.AddSingleton(Database.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PreparedReads>();
        services.AddSingleton<EnginesStore>();
        services.AddSingleton<OrganisationsStore>();
        services.AddSingleton<RulingsStore>();
        services.AddSingleton<KeysStore>();
        services.AddSingleton<IMemoryCache>(new MemoryCache(new MemoryCacheOptions { SizeLimit = RequestsStore.HeadCacheUrls }));
        services.AddSingleton<RequestsStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<ItemsStore>();
        services.AddSingleton<QueuePages>();
        services.AddSingleton<ComplianceStore>();
        services.AddSingleton<Seeder>();
        services.AddValidatorsFromAssemblyContaining<Seeder>(ServiceLifetime.Singleton);

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Roles.RightsHolder, policy => policy.RequireRole(Roles.RightsHolder, Roles.Admin))
            .AddPolicy(Roles.Engine, policy => policy.RequireRole(Roles.Engine, Roles.Admin));

        services.AddProblemDetails();
        services.AddExceptionHandler<ExceptionToProblem>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.Converters.Add(new UtcInstantConverter());
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddDelistingRateLimits(builder.Configuration);
        services.AddRequestGuards();
        services.AddHostedService<SqliteWalCheckpointer>();
        services.AddDelistingOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    public static WebApplication UseDelisting(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Empty 4xx/5xx answers from routing and binding (404, 405, 415) get a problem body with a detail too.
        app.UseStatusCodePages(context => Problems.ForStatus(context.HttpContext).ExecuteAsync(context.HttpContext));
        app.UseRequestGuards();

        app.MapOpenApi(OpenApiSetup.DocumentPath).AllowAnonymous();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint(OpenApiSetup.DocumentPath, "Delisting API v1");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "Delisting API";
            options.EnablePersistAuthorization();
        });
        app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Migrates the database and loads the reference data before the first request is served; on SQL Server one
    /// instance at a time (see StartupLock).
    /// </summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<Database>();
        await using (await StartupLock.AcquireAsync(database, CancellationToken.None))
        {
            Migrator.Migrate(database);
            await app.Services.GetRequiredService<Seeder>().SeedAsync(CancellationToken.None);
        }

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                app.Logger.LogInformation("Delisting API listening on {Address} — Swagger UI at {Address}/swagger", address, address.TrimEnd('/'));
            }
        });
    }
}
