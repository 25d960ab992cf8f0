using CodRocket.Stock.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddStockWeb();

var app = builder.Build();

if (args.Contains("--migrate"))
{
    // One-shot mode for deployments: apply migrations, then exit (docker-compose runs it before the app).
    await app.MigrateDatabaseAsync();
    return;
}

await app.PrepareDatabaseAsync();
app.UseStockWeb();
await app.RunAsync();
