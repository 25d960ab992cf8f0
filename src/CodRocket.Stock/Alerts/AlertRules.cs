namespace CodRocket.Stock.Alerts;

public enum AlertLevel
{
    /// <summary>Available stock reached the threshold.</summary>
    Low,
    /// <summary>Available stock reached zero (or below, when oversold).</summary>
    Out,
}

public enum AlertChange
{
    None,
    Open,
    Escalate,
    Resolve,
    /// <summary>The open alert's current level follows stock without a new notification: back to Low after a
    /// partial refill, or Out again when an alert that already ran out once empties again.</summary>
    Relevel,
}

/// <summary>What the evaluator knows about one scope (a product overall, or a product in one warehouse).</summary>
/// <param name="Threshold">The scope's threshold; null when none applies (no alert is possible).</param>
/// <param name="OpenLevel">The current level of the scope's open alert, or null when none is open.</param>
/// <param name="Stocked">The scope has had stock on hand at least once; until then it is "not stocked yet" and
/// never alerts (its first receipt arms it).</param>
/// <param name="OpenReachedOut">The open alert has already been out of stock (opened at zero or escalated): running
/// out again is no new crossing and notifies nobody.</param>
public readonly record struct ScopeState(
    bool Archived, int? Threshold, int Available, AlertLevel? OpenLevel, bool Stocked = true, bool OpenReachedOut = false)
{
    /// <summary>Low when available stock is at or below the threshold ("set 10 → alert at 10 or below"), once the
    /// scope has had stock.</summary>
    public bool IsLow => !Archived && Stocked && Threshold != null && Available <= Threshold;

    /// <summary>
    /// <see cref="IsLow"/> as a PostgreSQL predicate over the given SQL expressions (boolean, int, int, boolean; the
    /// threshold may be null): what a bulk preview counts as "would alert". Never null.
    /// </summary>
    public static string IsLowSql(string archived, string threshold, string available, string stocked) =>
        $"(NOT {archived} AND {stocked} AND {threshold} IS NOT NULL AND {available} <= {threshold})";
}

/// <summary>
/// The alert state machine of one scope. An alert opens when the scope becomes low, escalates once to
/// out of stock at zero, and resolves only when available stock rises above the threshold (or the threshold is
/// cleared, or the product archived); only then can a new one open. One crossing is one alert. While open, its
/// level is the current one (Low again after a partial refill); the escalation stays in its history. A scope that
/// has never had stock does not alert.
/// </summary>
public static class AlertRules
{
    public static AlertLevel LevelFor(int available) => available <= 0 ? AlertLevel.Out : AlertLevel.Low;

    public static AlertChange Decide(ScopeState scope) => scope.OpenLevel switch
    {
        null => scope.IsLow ? AlertChange.Open : AlertChange.None,
        _ when !scope.IsLow => AlertChange.Resolve,
        AlertLevel.Low when scope.Available <= 0 => scope.OpenReachedOut ? AlertChange.Relevel : AlertChange.Escalate,
        AlertLevel.Out when scope.Available > 0 => AlertChange.Relevel,
        _ => AlertChange.None,
    };
}
