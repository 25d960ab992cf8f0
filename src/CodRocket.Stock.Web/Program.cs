using CodRocket.Stock.Web.Infrastructure;
using CodRocket.Stock.Web.Tenancy;

var builder = WebApplication.CreateBuilder(args);
builder.AddStockWeb();

var app = builder.Build();

if (args.Contains("--migrate"))
{
    // One-shot mode for deployments: apply migrations, then exit (docker-compose runs it before the app).
    await app.MigrateDatabaseAsync();
    return 0;
}
if (CreateStoreCommand.IsRequested(args))
{
    // One-shot mode for ops: create a store and its owner, then exit (see README).
    return await app.CreateStoreAsync(args);
}

await app.PrepareDatabaseAsync();
app.UseStockWeb();
await app.RunAsync();
return 0;
