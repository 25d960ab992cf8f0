namespace CodRocket.Stock.Catalog.Csv;

/// <summary>Which columns a file has. A column left out leaves its setting unchanged.</summary>
public sealed record ImportColumns(
    bool LowStockAlert,
    bool SmsAlerts,
    bool OutOfStockPolicy,
    bool LeadTimeDays,
    bool SafetyStock,
    bool SeasonalFactor,
    IReadOnlyList<string> ThresholdWarehouses,
    IReadOnlyList<string> StockWarehouses,
    bool Price = false)
{
    public bool AnyProductSetting => LowStockAlert || SmsAlerts || OutOfStockPolicy || LeadTimeDays || SafetyStock || SeasonalFactor || Price;
}

/// <summary>One product row as read. Values of absent columns are null and unused.</summary>
/// <param name="WarehouseThresholds">Aligned with <see cref="ImportColumns.ThresholdWarehouses"/>; null clears.</param>
/// <param name="StockCounts">Aligned with <see cref="ImportColumns.StockWarehouses"/>; null: not counted.</param>
public sealed record ImportRow(
    int Line,
    string Sku,
    int? LowStockThreshold,
    bool? SmsAlerts,
    OutOfStockPolicy? OutOfStockPolicy,
    int? LeadTimeDays,
    int? SafetyStock,
    decimal? SeasonalFactor,
    int?[] WarehouseThresholds,
    int?[] StockCounts,
    string? Name = null,
    decimal? Price = null);

/// <summary>
/// A file as read, before it meets the database: its columns, its rows, and every problem found so far. The list of
/// problems is capped (<see cref="ShownProblems"/>); <see cref="ProblemCount"/> counts them all.
/// </summary>
public sealed class ImportFile
{
    public const int ShownProblems = 500;

    private readonly List<ImportProblem> _problems = [];

    public ImportColumns Columns { get; internal set; } = new(false, false, false, false, false, false, [], []);
    public List<ImportRow> Rows { get; } = [];
    public IReadOnlyList<ImportProblem> Problems => _problems;
    public int ProblemCount { get; private set; }
    public bool IsValid => ProblemCount == 0;

    public void Add(ImportProblem problem)
    {
        ProblemCount++;
        if (_problems.Count < ShownProblems)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>Problems in file order (line, then column order of discovery) for display.</summary>
    public void SortProblems() => _problems.Sort((a, b) => a.Line.CompareTo(b.Line));
}
