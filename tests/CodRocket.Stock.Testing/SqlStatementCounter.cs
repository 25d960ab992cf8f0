using System.Diagnostics;
using System.Text.RegularExpressions;

namespace CodRocket.Stock.Testing;

/// <summary>
/// Counts the SQL statements this async flow sends to PostgreSQL, EF's and raw batches alike, from Npgsql's
/// tracing: every command or batch Npgsql runs is an activity, sampled and stopped in the flow that runs it. The
/// counter of the flow travels in an <see cref="AsyncLocal{T}"/>, so tests running in parallel do not count each
/// other's statements. A batch's text is its statements joined by ";" and a line break, which is how they are
/// told apart.
/// </summary>
/// <remarks>One listener for the process: listeners added and removed while other tests trace raced (a root
/// activity of our own sometimes did not start).</remarks>
public sealed partial class SqlStatementCounter : IDisposable
{
    private static readonly AsyncLocal<SqlStatementCounter?> Current = new();
    private static readonly ActivityListener Listener = CreateListener();
    private readonly List<string> _statements = [];
    private bool _stopped;

    private SqlStatementCounter()
    {
    }

    /// <summary>Counts from now on, in this async flow, until disposed.</summary>
    public static SqlStatementCounter Start()
    {
        GC.KeepAlive(Listener);
        var counter = new SqlStatementCounter();
        Current.Value = counter;
        return counter;
    }

    /// <summary>
    /// The statements of the work, without the row-level-security setting EF sends when it opens a connection (one per
    /// open, whatever the work; the ledger's rides in its batch): see <see cref="RowLevelSecuritySettings"/>.
    /// </summary>
    public IReadOnlyList<string> Statements
    {
        get
        {
            lock (_statements)
            {
                return [.. _statements.Where(s => !IsRowLevelSecuritySetting(s))];
            }
        }
    }

    /// <summary>How many of the statements sent were the row-level-security setting.</summary>
    public int RowLevelSecuritySettings
    {
        get
        {
            lock (_statements)
            {
                return _statements.Count(IsRowLevelSecuritySetting);
            }
        }
    }

    private static bool IsRowLevelSecuritySetting(string statement) =>
        statement.StartsWith("SELECT set_config('role'", StringComparison.Ordinal);

    public int Count => Statements.Count;

    /// <summary>Each command or batch sent to the server (one round trip each; a transaction's COMMIT is not
    /// traced), as its statements, the settings' included.</summary>
    public IReadOnlyList<IReadOnlyList<string>> RoundTrips
    {
        get
        {
            lock (_statements)
            {
                return [.. _roundTrips];
            }
        }
    }

    /// <summary>
    /// The round trips of an API request's own work: without Hangfire's (the job it hands over after its commit) and
    /// without the rate limiter's take of tokens for the node (now and then, not per request).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> RequestRoundTrips =>
        [.. RoundTrips.Where(trip => !trip.Any(s => s.Contains("hangfire", StringComparison.OrdinalIgnoreCase)
            || s.StartsWith("NOTIFY", StringComparison.Ordinal) || s.Contains("rate_limit_take", StringComparison.Ordinal)))];

    private readonly List<IReadOnlyList<string>> _roundTrips = [];

    private static ActivityListener CreateListener()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql",
            // Only the flows being counted pay for tracing.
            Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
                Current.Value is { _stopped: false } ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            // The counter is taken where the command starts: Npgsql may stop its activity on a continuation that does not
            // carry the caller's async flow (seen under a loaded full run: a 10,000-product bulk action lost 6 of its 21).
            ActivityStarted = activity => activity.SetCustomProperty(nameof(SqlStatementCounter), Current.Value),
            ActivityStopped = activity =>
            {
                if (activity.GetCustomProperty(nameof(SqlStatementCounter)) is SqlStatementCounter { _stopped: false } counter
                    && (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string text)
                {
                    counter.Add(text);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private void Add(string text)
    {
        lock (_statements)
        {
            var statements = BatchSeparator().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
            _roundTrips.Add(statements);
            _statements.AddRange(statements);
        }
    }

    public void Dispose() => _stopped = true;

    [GeneratedRegex(@";\s*\n")]
    private static partial Regex BatchSeparator();
}
