using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CodRocket.Stock.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the web host (and without a database).</summary>
internal sealed class DesignTimeStockDbContextFactory : IDesignTimeDbContextFactory<StockDbContext>
{
    public StockDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<StockDbContext>()
                .UseNpgsql("Host=localhost;Database=codrocket_stock_design", o => o.MigrationsHistoryTable("__ef_migrations_history"))
                .UseSnakeCaseNamingConvention()
                .Options);
}
