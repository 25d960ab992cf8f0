using CodRocket.Stock.Api;
using CodRocket.Stock.Data;

namespace CodRocket.Stock.Web.Api;

/// <summary>
/// Forgets idempotency keys past their 24 hours, hourly. Keys are also reclaimed on use once expired, so a missed sweep
/// only costs space. (A candidate for a Hangfire recurring job once jobs arrive.)
/// </summary>
internal sealed class IdempotencySweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencySweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<StockDbContext>();
                var deleted = await IdempotencyStore.DeleteExpiredAsync(db, clock.GetUtcNow(), stoppingToken);
                logger.LogInformation("Forgot {Count} expired idempotency keys", deleted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sweeping expired idempotency keys failed; trying again in {Interval}", Interval);
            }
        }
    }
}
