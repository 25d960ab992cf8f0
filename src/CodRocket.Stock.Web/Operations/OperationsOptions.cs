using System.ComponentModel.DataAnnotations;

namespace CodRocket.Stock.Web.Operations;

/// <summary>The "Operations" section (environment: <c>Operations__RequestTimeoutSeconds</c>, ...).</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>A page or API request still running after this answers 503 with Retry-After (CSV imports, exports and bulk actions get <see cref="LongRequestTimeoutSeconds"/>).</summary>
    [Range(1, 3600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    [Range(1, 3600)]
    public int LongRequestTimeoutSeconds { get; set; } = 600;

    /// <summary>Each readiness check gives up after this: a partitioned database fails readiness at once, not in 15 s.</summary>
    [Range(1, 60)]
    public int HealthCheckTimeoutSeconds { get; set; } = 3;
}
