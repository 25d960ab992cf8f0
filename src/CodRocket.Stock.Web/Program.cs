using CodRocket.Stock.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddStockWeb();

var app = builder.Build();

if (OperatorCommands.Requested(args) is { } command)
{
    // One-shot modes for ops and deployments (migrate, seed-demo, create-store): run, then exit.
    return await OperatorCommands.RunAsync(app, command, args);
}

await app.PrepareDatabaseAsync();
app.UseStockWeb();
await app.RunAsync();
return 0;
