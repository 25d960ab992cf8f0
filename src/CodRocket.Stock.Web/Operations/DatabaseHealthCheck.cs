using CodRocket.Stock.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CodRocket.Stock.Web.Operations;

/// <summary>
/// The database answers. Npgsql does not give up a connection attempt on cancellation (a partition holds it for the
/// whole connect timeout), so the check stops waiting when readiness's timeout fires and leaves the attempt, on a
/// context of its own, to end and be disposed on its own.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<StockDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await CanConnectAsync().WaitAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, "The database cannot be reached.");
        }
        catch (OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The database did not answer in time.");
        }
    }

    private async Task<bool> CanConnectAsync()
    {
        // No store: row-level security lets this connection see nothing, and it asks for nothing.
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        return await db.Database.CanConnectAsync(CancellationToken.None);
    }
}
