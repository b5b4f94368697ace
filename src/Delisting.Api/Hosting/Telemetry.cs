using Delisting.Api.Data;
using Delisting.Api.Http;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Delisting.Api.Telemetry;

namespace Delisting.Api.Hosting;

/// <summary>
/// Traces, metrics and logs. Traces and metrics are exported over OTLP when the standard variable
/// OTEL_EXPORTER_OTLP_ENDPOINT is set, and metrics are served for Prometheus at /metrics (admins only) when
/// `Metrics:Prometheus` is true; with neither, OpenTelemetry is not started at all. Logs are JSON lines in
/// Production (one event a line, with trace and span ids and the caller's key id), readable text in Development.
/// </summary>
public static class Telemetry
{
    public static WebApplicationBuilder AddDelistingTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ItemGauges>();
        builder.Services.AddSingleton<DelistingMetrics>();
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
            builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        }

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var prometheus = builder.Configuration.GetValue("Metrics:Prometheus", false);
        if (!otlp && !prometheus) return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSqlClientInstrumentation()
                .AddSource(DataActivity.SourceName)
                .AddSource(Webhooks.DeliveryAttempts.Activities.Name))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter(DelistingMetrics.MeterName);
                if (prometheus) metrics.AddPrometheusExporter();
            });
        if (otlp) telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>After authentication: every log line of a call names the key that made it (its id, never its secret).</summary>
    public static WebApplication UseDelistingTelemetry(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Delisting.Calls");
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                await next(context);
                return;
            }
            using (logger.BeginScope(new Dictionary<string, object> { ["KeyId"] = Caller.From(context.User).KeyId }))
            {
                await next(context);
            }
        });
        if (app.Configuration.GetValue("Metrics:Prometheus", false))
        {
            app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Roles.Admin);
        }
        return app;
    }
}
