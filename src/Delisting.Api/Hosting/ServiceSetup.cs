using System.Text.Json.Serialization;
using Delisting.Api.Compliance;
using Delisting.Api.Data;
using Delisting.Api.Evidence;
using Delisting.Api.Extensions;
using Delisting.Api.Feeds;
using Delisting.Api.Http;
using Delisting.Api.Keys;
using Delisting.Api.Mirrors;
using Delisting.Api.Organisations;
using Delisting.Api.Requests;
using Delisting.Api.ProtectedHosts;
using Delisting.Api.Rulings;
using Delisting.Api.Transparency;
using Delisting.Api.Webhooks;
using Delisting.Api.Withdrawals;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Delisting.Api.Auth;
using Delisting.Api.Admission;
using Delisting.Api.Telemetry;
using Delisting.Api.OpenApi;
using Delisting.Api.Engines;

namespace Delisting.Api.Hosting;

/// <summary>The composition root: the database, the HTTP conventions, and every feature's services and routes.</summary>
public static class ServiceSetup
{
    public static WebApplicationBuilder AddDelisting(this WebApplicationBuilder builder)
    {
        builder.AddDelistingTelemetry();
        var services = builder.Services;
        // Created by the container, so that it is disposed with it (kept connections closed).
        var contentRoot = builder.Environment.ContentRootPath;
        services.AddSingleton(provider => Database.FromConfiguration(provider.GetRequiredService<IConfiguration>(), contentRoot));
        services.AddSingleton<ItemTallies>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Seeder>();
        services.AddSingleton<Cursors>();
        // A body must arrive at a useful rate or be cut (408): a trickle would otherwise hold a connection for hours.
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>().Configure<IConfiguration>((kestrel, configuration) =>
            kestrel.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(
                configuration.GetValue("Kestrel:MinRequestBodyBytesPerSecond", 16 * 1024.0),
                TimeSpan.FromSeconds(Math.Max(2, configuration.GetValue("Kestrel:MinRequestBodyGraceSeconds", 5.0)))));
        services.AddSingleton<Demo.DemoScenario>();

        services.AddEngines().AddOrganisations().AddRulings().AddMirrorReports().AddExtensions().AddFeeds().AddRequests().AddWithdrawals()
            .AddCompliance().AddApiKeys().AddWebhooks()
            .AddProtectedHosts().AddEvidence().AddTransparency();
        services.AddValidatorsFromAssemblyContaining<Seeder>(ServiceLifetime.Singleton);

        services.AddSingleton<ApiKeyCache>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Roles.RightsHolder, policy => policy.RequireRole(Roles.RightsHolder, Roles.Admin))
            .AddPolicy(Roles.Engine, policy => policy.RequireRole(Roles.Engine, Roles.Admin))
            .AddPolicy(Roles.Subscriber, policy => policy.RequireRole(Roles.Engine, Roles.RightsHolder));

        services.AddProblemDetails();
        services.AddExceptionHandler<ExceptionToProblem>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.Converters.Add(new UtcInstantConverter());
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            LargeAnswers.AddTo(options.SerializerOptions);
        });
        services.AddDelistingRateLimits(builder.Configuration);
        services.AddRequestGuards();
        services.AddPublicAnswers(builder.Configuration);
        services.AddHostedService<LogCheckpointer>();
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
        app.UseDelistingTelemetry();

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

        app.MapEngines();
        app.MapOrganisations();
        app.MapRulings();
        app.MapMirrorReports();
        app.MapExtensions();
        app.MapFeeds();
        app.MapWebhooks();
        app.MapRequests();
        app.MapWithdrawals();
        app.MapCompliance();
        app.MapApiKeys();
        app.MapProtectedHosts();
        app.MapEvidence();
        if (app.Environment.IsDevelopment()) Demo.DevelopmentSink.MapDevelopmentSink(app);
        app.MapTransparency();
        return app;
    }

    /// <summary>Migrates the database and loads the reference data before the first request is served.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var seeder = app.Services.GetRequiredService<Seeder>();
        await app.Services.GetRequiredService<Database>().PrepareAsync(() => seeder.SeedAsync(CancellationToken.None), CancellationToken.None);
        await app.Services.GetRequiredService<Cursors>().LoadKeyAsync(CancellationToken.None);
        // After the reference data, through the endpoints' handlers: what Swagger UI's pre-filled examples name.
        if (app.Environment.IsDevelopment()) await app.Services.GetRequiredService<Demo.DemoScenario>().SeedAsync(CancellationToken.None);

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
