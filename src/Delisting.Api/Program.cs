using Delisting.Api.Hosting;

// Started as `dotnet path/to/Delisting.Api.dll` from another folder, the content root would be that folder and
// appsettings.json (logging levels, rate limits) would silently not load: fall back to the app's own folder.
var contentRoot = File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"))
    ? Directory.GetCurrentDirectory()
    : AppContext.BaseDirectory;
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
builder.AddDelisting();

var app = builder.Build();
app.UseDelisting();
await app.PrepareDatabaseAsync();
app.Run();
