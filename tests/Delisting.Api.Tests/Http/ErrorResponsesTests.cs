using System.Net;
using System.Net.Http.Json;
using System.Text;
using Delisting.Api.Data;
using Delisting.Api.Http;
using Delisting.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Data.Sqlite;
using Delisting.Api.Hosting;

namespace Delisting.Api.Tests.Http;

/// <summary>Every failure the pipeline can produce is an RFC 9457 problem with a status, title, type and detail.</summary>
public sealed class ErrorResponsesTests
{
    private const string UnopenableDatabase = "Data Source=/nonexistent-delisting-dir/sub/delisting.db";

    [Theory]
    [InlineData("{ \"id\": \"x\", ")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Malformed_json_is_400(string body)
    {
        await using var app = new DelistingApp();
        var problem = await (await app.Admin().PostAsync("/v1/rulings", HttpAssertions.JsonBody(body))).AssertProblemAsync(400);
        Assert.DoesNotContain("   at ", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_value_of_the_wrong_json_type_is_400_naming_where()
    {
        await using var app = new DelistingApp();
        var problem = await (await app.Admin().PostAsync("/v1/rulings",
            HttpAssertions.JsonBody("""{ "id": "wrong-type", "complianceDays": "fifteen" }"""))).AssertProblemAsync(400);
        Assert.Contains("complianceDays", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_number_given_as_a_string_is_400_not_coerced()
    {
        await using var app = new DelistingApp();
        await (await app.Admin().PostAsync("/v1/rulings",
            HttpAssertions.JsonBody("""{ "id": "wrong-type", "complianceDays": "15" }"""))).AssertProblemAsync(400);
    }

    [Fact]
    public async Task An_unknown_route_is_404()
    {
        await using var app = new DelistingApp();
        await (await app.Admin().GetAsync("/v1/no-such-thing")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task A_wrong_method_is_405()
    {
        await using var app = new DelistingApp();
        await (await app.Admin().DeleteAsync("/v1/engines")).AssertProblemAsync(405);
    }

    [Fact]
    public async Task A_declared_body_over_one_mebibyte_is_413()
    {
        await using var app = new DelistingApp();
        var content = new ByteArrayContent(new byte[1024 * 1024 + 1]);
        content.Headers.ContentType = new("application/json");
        await (await app.Admin().PostAsync("/v1/rulings", content)).AssertProblemAsync(413);
    }

    [Fact]
    public async Task A_text_plain_body_is_415()
    {
        await using var app = new DelistingApp();
        await (await app.Admin().PostAsync("/v1/rulings", new StringContent("{}", Encoding.UTF8, "text/plain"))).AssertProblemAsync(415);
    }

    [Fact]
    public async Task A_validation_failure_is_422_with_errors_keyed_by_json_path()
    {
        await using var app = new DelistingApp();
        var problem = await (await app.Admin().PostAsJsonAsync("/v1/organisations", new { id = "BAD", name = "" })).AssertProblemAsync(422);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("id", out _));
        Assert.True(errors.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Going_over_the_rate_limit_is_429_with_retry_after()
    {
        await using var app = new DelistingApp(extraSettings: new Dictionary<string, string>
        {
            ["RateLimiting:PermitsPerSecond"] = "1",
            ["RateLimiting:Burst"] = "2",
        });
        var admin = app.Admin();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6 && limited is null; i++)
        {
            var response = await admin.GetAsync("/v1/engines");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
        }
        Assert.NotNull(limited);
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        await limited.AssertProblemAsync(429);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
    }

    [Fact]
    public async Task A_failure_inside_a_handler_is_a_500_problem_without_stack_trace_or_internals()
    {
        await using var app = new DelistingApp();
        var admin = app.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/engines")).StatusCode);
        // Break the database under the running service: the next query fails inside the handler.
        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA foreign_keys = OFF; DROP TABLE engines;";
            await command.ExecuteNonQueryAsync();
        }
        var response = await admin.GetAsync("/v1/engines");
        var problem = await response.AssertProblemAsync(500);
        var text = problem.ToString();
        Assert.DoesNotContain(" at ", text);
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("no such table", text);
        Assert.DoesNotContain("SELECT", text);
        Assert.DoesNotContain("SQLite", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Health_live_and_ready_are_200()
    {
        await using var app = new DelistingApp();
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Ready_is_503_when_the_database_cannot_be_opened_while_live_stays_200()
    {
        await using var app = new DelistingApp();
        await using var broken = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton(new DatabaseHealthCheck(new Database(DatabaseProvider.Sqlite, UnopenableDatabase)))));
        var client = broken.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
