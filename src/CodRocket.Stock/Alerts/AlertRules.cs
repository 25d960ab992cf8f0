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
}

/// <summary>What the evaluator knows about one scope (a product overall, or a product in one warehouse).</summary>
/// <param name="Threshold">The scope's threshold; null when none applies (no alert is possible).</param>
/// <param name="OpenLevel">The level of the scope's open alert, or null when none is open.</param>
public readonly record struct ScopeState(bool Archived, int? Threshold, int Available, AlertLevel? OpenLevel)
{
    /// <summary>Low when available stock is at or below the threshold ("set 10 → alert at 10 or below").</summary>
    public bool IsLow => !Archived && Threshold is { } threshold && Available <= threshold;
}

/// <summary>
/// The alert state machine of one scope. An alert opens when the scope becomes low, escalates once to
/// out of stock at zero, and resolves only when available stock rises above the threshold (or the threshold is
/// cleared, or the product archived); only then can a new one open. One crossing is one alert.
/// </summary>
public static class AlertRules
{
    public static AlertLevel LevelFor(int available) => available <= 0 ? AlertLevel.Out : AlertLevel.Low;

    public static AlertChange Decide(ScopeState scope) => scope.OpenLevel switch
    {
        null => scope.IsLow ? AlertChange.Open : AlertChange.None,
        _ when !scope.IsLow => AlertChange.Resolve,
        AlertLevel.Low when scope.Available <= 0 => AlertChange.Escalate,
        _ => AlertChange.None,
    };
}
