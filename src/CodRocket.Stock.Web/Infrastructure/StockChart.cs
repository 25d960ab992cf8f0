using System.Globalization;
using CodRocket.Stock.Forecasting;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>
/// Geometry of the product chart, drawn as inline SVG by the page (no script, no CDN): available stock at the end
/// of each day as a line with point markers over a dashed threshold line, and units sold as hatched bars in a panel
/// of their own. Shapes, panels and labels tell the series apart, so the chart reads without colour.
/// </summary>
public sealed class StockChart
{
    public const double Width = 760;
    public const double Left = 52;
    public const double Right = 16;
    public const double StockTop = 16;
    public const double StockHeight = 170;
    public const double SalesTop = StockTop + StockHeight + 40;
    public const double SalesHeight = 90;
    public const double Height = SalesTop + SalesHeight + 28;

    public StockChart(IReadOnlyList<DailyPoint> points, int? threshold)
    {
        Points = points;
        Threshold = threshold;
        var low = Math.Min(0, points.Count == 0 ? 0 : points.Min(p => p.Available));
        var high = Math.Max(Math.Max(1, threshold ?? 0), points.Count == 0 ? 1 : points.Max(p => p.Available));
        StockMin = low;
        StockMax = NiceCeiling(high);
        SalesMax = NiceCeiling(Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Sold)));
    }

    public IReadOnlyList<DailyPoint> Points { get; }
    public int? Threshold { get; }
    public int StockMin { get; }
    public int StockMax { get; }
    public int SalesMax { get; }
    public double Step => (Width - Left - Right) / Math.Max(1, Points.Count);
    public bool ShowMarkers => Points.Count <= 62;

    public double X(int index) => Left + (index + 0.5) * Step;

    public double StockY(int value) => StockTop + StockHeight * (StockMax - value) / (double)Math.Max(1, StockMax - StockMin);

    public double SalesY(int value) => SalesTop + SalesHeight * (SalesMax - value) / (double)SalesMax;

    public double BarWidth => Math.Max(1, Step * 0.7);

    public string StockPath => string.Join(" ", Points.Select((p, i) => $"{(i == 0 ? "M" : "L")}{F(X(i))},{F(StockY(p.Available))}"));

    /// <summary>First, middle and last day: enough to place the series in time without crowding.</summary>
    public IEnumerable<(double X, string Label)> DayTicks()
    {
        if (Points.Count == 0)
        {
            yield break;
        }
        foreach (var i in new[] { 0, Points.Count / 2, Points.Count - 1 }.Distinct())
        {
            yield return (X(i), Points[i].Day.ToString("d MMM", CultureInfo.CurrentCulture));
        }
    }

    public static IEnumerable<int> Ticks(int min, int max) => new[] { min, (min + max) / 2, max }.Distinct();

    public static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static int NiceCeiling(int value)
    {
        if (value <= 10)
        {
            return Math.Max(value, 2) % 2 == 0 ? Math.Max(value, 2) : value + 1;
        }
        var magnitude = (int)Math.Pow(10, Math.Floor(Math.Log10(value)));
        var step = magnitude / 2;
        return (value + step - 1) / step * step;
    }
}
