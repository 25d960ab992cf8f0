using CodRocket.Stock.Forecasting;

namespace CodRocket.Stock.Web.Pages.Reports;

/// <summary>A column header that sorts the report; aria-sort says how it is sorted now.</summary>
public sealed record SortHeader(ReportSort Sort, string Label, bool Numeric, StockReportQuery Query, string Link);
