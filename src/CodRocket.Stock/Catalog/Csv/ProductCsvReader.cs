using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace CodRocket.Stock.Catalog.Csv;

/// <summary>
/// Reads a products CSV (<see cref="ProductCsv"/>) into rows and problems, with no database: the encoding, the
/// header, every cell, duplicate SKUs. SKUs and warehouse codes are checked against the store afterwards
/// (<see cref="ProductImport"/>). Lines are the file's lines, 1 being the header, as a spreadsheet numbers them.
/// </summary>
public static class ProductCsvReader
{
    public static ImportFile Read(byte[] content)
    {
        var file = new ImportFile();
        if (content.Length == 0)
        {
            file.Add(new ImportProblem(1, null, ImportProblemKind.EmptyFile));
            return file;
        }
        if (EncodingProblem(content) is { } encoding)
        {
            file.Add(encoding);
            return file;
        }

        if (ControlCharacterLine(content) is { } control)
        {
            file.Add(new ImportProblem(control, null, ImportProblemKind.ControlCharacter));
            return file;
        }

        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = CsvReaderOptions.Default with
        {
            // Spreadsheets in many locales save with ";" (or tabs): the separator is detected from the header.
            Separator = null,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Skip,
            OnMalformedRecord = record => malformed.TryAdd(record.LineNumber, record.Reason),
        };
        using var reader = CsvReader.Create(content, options);
        reader.ReadHeader();
        if (reader.Headers is not { Count: > 0 } names || names.All(string.IsNullOrWhiteSpace))
        {
            file.Add(new ImportProblem(1, null, ImportProblemKind.EmptyFile));
            return file;
        }
        var header = names.ToArray();
        var layout = ReadHeader(header, file);
        if (layout is null)
        {
            return file;
        }

        var firstLineOfSku = new Dictionary<string, int>(Product.SkuComparer);
        var reported = 0;
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            reported = ReportMalformed(file, malformed, reported, line, header.Length);
            var record = new string[reader.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = reader.GetString(i) ?? "";
            }
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (file.Rows.Count >= ProductCsv.MaxRows)
            {
                file.Add(new ImportProblem(line, null, ImportProblemKind.TooManyRows, Other: ProductCsv.MaxRows));
                break;
            }
            if (layout.ReadRow(line, record, file) is not { } row)
            {
                continue;
            }
            if (firstLineOfSku.TryGetValue(row.Sku, out var first))
            {
                file.Add(new ImportProblem(line, ProductCsv.Sku, ImportProblemKind.DuplicateSku, row.Sku, first));
                continue;
            }
            firstLineOfSku[row.Sku] = line;
            file.Rows.Add(row);
        }
        ReportMalformed(file, malformed, reported, int.MaxValue, header.Length);
        if (file.Rows.Count == 0 && file.IsValid)
        {
            file.Add(new ImportProblem(2, null, ImportProblemKind.NoRows));
        }
        return file;
    }

    /// <summary>
    /// Rows the CSV reader skipped (bad quoting, another number of cells than the header) before <paramref name="upTo"/>,
    /// reported in line order with the rows read. Returns how many are reported so far.
    /// </summary>
    private static int ReportMalformed(ImportFile file, Dictionary<long, CsvMalformedReason> malformed, int reported, int upTo, int cells)
    {
        if (malformed.Count == reported)
        {
            return reported;
        }
        foreach (var (line, reason) in malformed.OrderBy(m => m.Key).Skip(reported).TakeWhile(m => m.Key < upTo))
        {
            file.Add(reason == CsvMalformedReason.FieldCountMismatch
                ? new ImportProblem((int)line, null, ImportProblemKind.WrongCellCount, Other: cells)
                : new ImportProblem((int)line, null, ImportProblemKind.MalformedRow, reason.ToString()));
            reported++;
        }
        return reported;
    }

    /// <summary>The line of the first control character (NUL cannot reach PostgreSQL text; the others have no place in a cell).</summary>
    private static int? ControlCharacterLine(byte[] content)
    {
        var span = content.AsSpan();
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] is < 0x20 and not ((byte)'\t' or (byte)'\n' or (byte)'\r') or 0x7F)
            {
                return span[..i].Count((byte)'\n') + 1;
            }
        }
        return null;
    }

    /// <summary>The first bytes that are not UTF-8, with their line; a UTF-16 file is named as such.</summary>
    private static ImportProblem? EncodingProblem(byte[] content)
    {
        if (content is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            return new ImportProblem(1, null, ImportProblemKind.WrongEncoding, "UTF-16");
        }
        if (Utf8.IsValid(content))
        {
            return null;
        }
        var span = content.AsSpan();
        var offset = 0;
        while (offset < span.Length && Rune.DecodeFromUtf8(span[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }
        var line = span[..offset].Count((byte)'\n') + 1;
        return new ImportProblem(line, null, ImportProblemKind.WrongEncoding);
    }

    private static Layout? ReadHeader(string[] header, ImportFile file)
    {
        var kinds = new Cell[header.Length];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var thresholds = new List<string>();
        var stock = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            if (!seen.Add(name))
            {
                file.Add(new ImportProblem(1, name, ImportProblemKind.DuplicateColumn));
                continue;
            }
            var lower = name.ToLowerInvariant();
            kinds[i] = lower switch
            {
                ProductCsv.Sku => new Cell(CellKind.Sku, name),
                ProductCsv.Name => new Cell(CellKind.Name, name),
                ProductCsv.Price => new Cell(CellKind.Price, name),
                ProductCsv.LowStockAlert => new Cell(CellKind.LowStockAlert, name),
                ProductCsv.SmsAlerts => new Cell(CellKind.SmsAlerts, name),
                ProductCsv.OutOfStockPolicy => new Cell(CellKind.OutOfStockPolicy, name),
                ProductCsv.LeadTimeDays => new Cell(CellKind.LeadTimeDays, name),
                ProductCsv.SafetyStock => new Cell(CellKind.SafetyStock, name),
                ProductCsv.SeasonalFactor => new Cell(CellKind.SeasonalFactor, name),
                _ when lower.StartsWith(ProductCsv.ThresholdPrefix, StringComparison.Ordinal) && lower.Length > ProductCsv.ThresholdPrefix.Length =>
                    new Cell(CellKind.Threshold, name, AddCode(thresholds, name[ProductCsv.ThresholdPrefix.Length..])),
                _ when lower.StartsWith(ProductCsv.StockPrefix, StringComparison.Ordinal) && lower.Length > ProductCsv.StockPrefix.Length =>
                    new Cell(CellKind.Stock, name, AddCode(stock, name[ProductCsv.StockPrefix.Length..])),
                _ => Unknown(file, name),
            };
        }
        if (!kinds.Any(k => k.Kind == CellKind.Sku))
        {
            file.Add(new ImportProblem(1, ProductCsv.Sku, ImportProblemKind.MissingSkuColumn));
        }
        if (!file.IsValid)
        {
            return null;
        }
        bool Has(CellKind kind) => kinds.Any(k => k.Kind == kind);
        file.Columns = new ImportColumns(
            Has(CellKind.LowStockAlert), Has(CellKind.SmsAlerts), Has(CellKind.OutOfStockPolicy), Has(CellKind.LeadTimeDays),
            Has(CellKind.SafetyStock), Has(CellKind.SeasonalFactor), thresholds, stock, Has(CellKind.Price));
        return new Layout(kinds, thresholds.Count, stock.Count);
    }

    private static int AddCode(List<string> codes, string code)
    {
        codes.Add(code.Trim().ToUpperInvariant());
        return codes.Count - 1;
    }

    private static Cell Unknown(ImportFile file, string name)
    {
        file.Add(new ImportProblem(1, name, ImportProblemKind.UnknownColumn));
        return new Cell(CellKind.Ignored, name);
    }

    private enum CellKind
    {
        Ignored,
        Name,
        Sku,
        Price,
        LowStockAlert,
        SmsAlerts,
        OutOfStockPolicy,
        LeadTimeDays,
        SafetyStock,
        SeasonalFactor,
        Threshold,
        Stock,
    }

    private readonly record struct Cell(CellKind Kind, string Header, int Slot = 0);

    private sealed class Layout(Cell[] cells, int thresholdCount, int stockCount)
    {
        public ImportRow? ReadRow(int line, string[] record, ImportFile file)
        {
            var problems = file.ProblemCount;
            string? sku = null;
            string? productName = null;
            int? threshold = null, leadTime = null, safetyStock = null;
            bool? sms = null;
            OutOfStockPolicy? policy = null;
            decimal? factor = null, price = null;
            var thresholds = new int?[thresholdCount];
            var counts = new int?[stockCount];
            for (var i = 0; i < cells.Length; i++)
            {
                var cell = cells[i];
                var text = record[i].Trim();
                var at = new Position(file, line, cell.Header, text);
                switch (cell.Kind)
                {
                    case CellKind.Sku:
                        text = Identifiers.Normalize(ProductCsv.Unescape(text));
                        sku = text.Length == 0 ? at.Problem(ImportProblemKind.Required)
                            : text.Length > StockLimits.SkuMaxLength ? at.Problem(ImportProblemKind.SkuTooLong)
                            : Identifiers.HasHiddenCharacters(text) ? at.Problem(ImportProblemKind.HiddenCharacters)
                            : text;
                        break;
                    case CellKind.Name:
                        text = ProductCsv.Unescape(text);
                        productName = text.Length == 0 ? null
                            : text.Length > StockLimits.NameMaxLength ? at.Problem(ImportProblemKind.NameTooLong)
                            : text;
                        break;
                    case CellKind.LowStockAlert:
                        threshold = at.Number(StockLimits.MaxThreshold);
                        break;
                    case CellKind.LeadTimeDays:
                        leadTime = at.Number(StockLimits.MaxLeadTimeDays);
                        break;
                    case CellKind.SafetyStock:
                        safetyStock = at.Number(StockLimits.MaxSafetyStock);
                        break;
                    case CellKind.Threshold:
                        thresholds[cell.Slot] = at.Number(StockLimits.MaxThreshold);
                        break;
                    case CellKind.Stock:
                        counts[cell.Slot] = at.Number(StockLimits.MaxQuantity);
                        break;
                    case CellKind.SmsAlerts:
                        sms = text.Length == 0 ? at.Problem<bool>(ImportProblemKind.Required)
                            : ProductCsv.TryParseYes(text, out var yes) ? yes
                            : at.Problem<bool>(ImportProblemKind.NotYesOrNo);
                        break;
                    case CellKind.OutOfStockPolicy:
                        policy = ProductCsv.TryParsePolicy(text, out var parsed) ? parsed : at.Problem<OutOfStockPolicy>(ImportProblemKind.UnknownPolicy);
                        break;
                    case CellKind.SeasonalFactor:
                        factor = at.Factor();
                        break;
                    case CellKind.Price:
                        price = at.Price();
                        break;
                }
            }
            return file.ProblemCount > problems || sku is null
                ? null
                : new ImportRow(line, sku, threshold, sms, policy, leadTime, safetyStock, factor, thresholds, counts, productName, price);
        }
    }

    private readonly record struct Position(ImportFile File, int Line, string Column, string Text)
    {
        public string? Problem(ImportProblemKind kind)
        {
            File.Add(new ImportProblem(Line, Column, kind, Text));
            return null;
        }

        public T? Problem<T>(ImportProblemKind kind) where T : struct
        {
            File.Add(new ImportProblem(Line, Column, kind, Text));
            return null;
        }

        /// <summary>A whole number from 0 to <paramref name="max"/>; empty is null.</summary>
        public int? Number(int max)
        {
            if (Text.Length == 0)
            {
                return null;
            }
            if (!long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return decimal.TryParse(Text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? number < 0 ? Problem<int>(ImportProblemKind.Negative) : Problem<int>(ImportProblemKind.NotAWholeNumber)
                    : Problem<int>(ImportProblemKind.NotANumber);
            }
            return value < 0 ? Problem<int>(ImportProblemKind.Negative)
                : value > max ? Problem<int>(ImportProblemKind.TooLarge)
                : (int)value;
        }

        /// <summary>A price, 12.50 (a dot for decimals, whatever the spreadsheet's language); empty is no price.</summary>
        public decimal? Price()
        {
            if (Text.Length == 0)
            {
                return null;
            }
            if (!decimal.TryParse(Text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return Problem<decimal>(ImportProblemKind.NotANumber);
            }
            return value < 0 ? Problem<decimal>(ImportProblemKind.Negative)
                : !Prices.IsValid(value) ? Problem<decimal>(ImportProblemKind.InvalidPrice)
                : value;
        }

        public decimal? Factor()
        {
            if (Text.Length == 0)
            {
                return Problem<decimal>(ImportProblemKind.Required);
            }
            if (!decimal.TryParse(Text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return Problem<decimal>(ImportProblemKind.NotANumber);
            }
            return value is < (decimal)StockLimits.MinSeasonalFactor or > (decimal)StockLimits.MaxSeasonalFactor
                ? Problem<decimal>(ImportProblemKind.OutOfRange)
                : !StockLimits.FitsDecimals(value, StockLimits.SeasonalFactorDecimals) ? Problem<decimal>(ImportProblemKind.TooPrecise)
                : value;
        }
    }
}
