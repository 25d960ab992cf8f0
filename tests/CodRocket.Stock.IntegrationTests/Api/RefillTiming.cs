namespace CodRocket.Stock.IntegrationTests.Api;

/// <summary>For rate-limit tests whose buckets refill a token a second.</summary>
internal static class RefillTiming
{
    /// <summary>
    /// Runs a scenario whose timed requests must all fall within one second, and returns what it saw. On a machine
    /// too busy for that (CI runs the suite in parallel) the answers would show the refill, not the limit: the
    /// scenario runs again, with fresh keys and stores of its own making, at most five times.
    /// </summary>
    public static async Task<T> WithinOneSecondAsync<T>(Func<Task<(TimeSpan Elapsed, T Seen)>> scenario)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (elapsed, seen) = await scenario();
            if (elapsed < TimeSpan.FromMilliseconds(700) || attempt == 5)
            {
                return seen;
            }
        }
    }
}
